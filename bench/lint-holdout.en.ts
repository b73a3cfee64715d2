// Held-out English crisis statements for the lint bench, written blind to the rules (without reading the rule
// templates or the development corpus) so the figures show how the linter does on wording it was not tuned on.
import type { LabelledStatement } from './lint-corpus.en';

export const EN_HOLDOUT: readonly LabelledStatement[] = [
  // Clean: owning the fault, naming our own cause, factual updates, sincere apologies, negations that are fine.
  { rules: [], text: 'We messed up. The price shown on our website on Saturday was wrong because we typed it in wrongly, and we will honour every order placed at that price.' },
  { rules: [], text: "We're sorry. Full stop." },
  { rules: [], text: 'The flight cancellations this weekend were caused by a scheduling error in our crew planning. That is on us, and we are contacting every affected passenger today.' },
  { rules: [], text: 'Update 09:45: 2,300 homes in the north of the city are still without water. Tankers are parked at the three schools listed below, and we expect supply to return by 18:00.' },
  { rules: [], text: 'Many of you have told us the new app is hard to use. You are right. We are bringing back the old menu on Monday while we rework the design.' },
  { rules: [], text: 'We will not hide behind our contractors. We chose them, we were supposed to supervise them, and the collapse at the Oakfield site is ours to answer for.' },
  { rules: [], text: "We are deeply sorry for the comments made by one of our presenters in Tuesday's video. They do not reflect our values, and he no longer works with us." },
  { rules: [], text: 'Holding statement: we are aware of a fire at our Bradford warehouse. No one has been hurt. We will share more once the fire service has made the site safe.' },
  { rules: [], text: 'This was not a small problem, and we will not describe it as one. We charged around 18% of our customers twice.' },
  { rules: [], text: 'Our own testing missed the fault in the brake sensors. We are recalling all 12,400 vehicles built since March.' },
  { rules: [], text: 'We did not act quickly enough when the first complaints came in. We should have, and we apologise.' },
  { rules: [], text: 'The outage was not caused by an attack. A configuration change we made at 02:00 took our servers offline; we have reversed it and added a check so it cannot happen again.' },
  { rules: [], text: 'Resolved: all 57 stores have reopened. Thank you for your patience over the last two days.' },
  { rules: [], text: 'We hear your anger about the ticket queue, and it is justified. Every fan who was timed out will get priority access on Thursday.' },
  { rules: [], text: "We apologise for the inconvenience caused by yesterday's unplanned closure of our Hillside branch. Customers can use any of our other branches free of charge this week." },
  { rules: [], text: 'Our investigation found that a member of our own IT team set the permissions wrongly. We have changed our procedures so that no single person can make that change again.' },
  { rules: [], text: 'We know this is not the answer many of you wanted. We are sorry we could not keep the pool open, and we will set out the costs at a public meeting on 4 June.' },
  { rules: [], text: 'A mistake by our pharmacy team meant 312 patients received the wrong dosage leaflet. We have written to each of them, and no one has reported any harm.' },
  { rules: [], text: 'To be clear: the delay was not caused by the weather. We did not have enough staff on shift, and that was our decision.' },
  { rules: [], text: 'We will not pretend this was out of our hands. We knew the footbridge needed repairs, we postponed them, and we are sorry to the people who were hurt.' },

  // With one or two problems, phrased the way a comms team might write them.
  { rules: ['excuse'], text: 'Update 3 on the power cuts. About 9,000 homes are still without electricity. The storm on Sunday night was something nobody could have foreseen, and the scale of the damage was simply out of our hands. Crews are working through the night.' },
  { rules: ['excuse'], text: 'We want to be clear that the company bears no responsibility for the delays passengers experienced on Friday.' },
  { rules: ['blame'], text: 'Holding statement, 11:00. We are aware of reports of illness linked to our chicken salad range. Our initial findings point to an ingredient provided by one of our external suppliers, who did not carry out the agreed safety checks. The products have been removed from sale. We will update this page at 16:00.' },
  { rules: ['blame'], text: 'Our delivery partner let us down badly this week, and that is why so many of your orders arrived late.' },
  { rules: ['non-apology'], text: "We're sorry to anyone who may have been upset by our latest advert." },
  { rules: ['non-apology'], text: 'We regret that some of our members have felt let down by the changes to the loyalty scheme.' },
  { rules: ['non-apology'], text: 'Apologies for any disruption this might have caused to your plans.' },
  { rules: ['minimising'], text: 'This issue affected only a tiny fraction of our users. For the vast majority, the service ran normally throughout the weekend.' },
  { rules: ['minimising'], text: 'What happened at our Leeds store was a one-off, and it does not reflect the standards at our other 200 locations.' },
  { rules: ['minimising'], text: 'The leak was minor and was contained within a few hours. Tap water in the area remains safe to drink.' },
  { rules: ['passive-evasion'], text: 'We acknowledge that errors were made in the handling of your complaints.' },
  { rules: ['passive-evasion'], text: 'It is clear that mistakes have been made, and lessons will be learned.' },
  { rules: ['passive-evasion'], text: 'Unfortunately, the wrong information was given to some families on Monday. Every family has now received a corrected letter.' },
  { rules: ['legal-risk'], text: 'We have spoken to every family. We accept that we are legally liable for the injuries and will compensate the victims in full. A helpline is open from 8am.' },
  { rules: ['legal-risk'], text: 'Having reviewed the incident, we admit we were negligent and acknowledge our liability for the damage to neighbouring homes.' },
  { rules: ['blame', 'excuse'], text: 'This was not our doing: the faulty update came from the software vendor we rely on.' },
  { rules: ['minimising', 'non-apology'], text: 'We apologise if the outage caused any inconvenience. Only a handful of accounts were affected.' },
  { rules: ['minimising', 'passive-evasion'], text: 'A small error was made in the May payroll run, affecting a limited number of staff.' },
  { rules: ['blame', 'excuse'], text: "The closure was forced on us by the council's decision, and there was nothing we could have done to prevent it." },
  { rules: ['non-apology'], text: "We're sorry that you feel our response was too slow. Our team followed the correct procedure throughout." },
];
