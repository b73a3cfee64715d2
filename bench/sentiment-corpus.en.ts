// Labelled English posts for `npm run bench:sentiment`: the development set the rules were tuned on (see the held-out set).
// Short, as they come from social listening: complaints, praise, questions, sarcasm, slang, emoji, negation.

export type PostKind = 'complaint' | 'praise' | 'question' | 'sarcasm' | 'slang' | 'emoji' | 'negation' | 'neutral';

export interface LabelledPost {
  language: 'en' | 'fr';
  /** What the product counts: a mention with sentiment < 0. Neutral and positive posts are "not negative". */
  negative: boolean;
  kind: PostKind;
  text: string;
}

/** Builders: N for a negative post, P for one that is not (positive or neutral). */
export function builders(language: LabelledPost['language']) {
  return {
    N: (kind: PostKind, text: string): LabelledPost => ({ language, negative: true, kind, text }),
    P: (kind: PostKind, text: string): LabelledPost => ({ language, negative: false, kind, text }),
  };
}

const { N, P } = builders('en');

export const EN_CORPUS: readonly LabelledPost[] = [
  // the examples
  N('negation', 'never buying this brand again'),
  N('sarcasm', 'this recall is a joke'),
  // complaints
  N('complaint', 'Ordered on the 3rd, still nothing. Tracking hasn\'t moved in a week.'),
  N('complaint', 'Your app logged me out and now my account is gone. Years of purchase history, poof.'),
  N('complaint', 'charged twice for the same order and support keeps closing my ticket'),
  N('complaint', 'The blender cracked the first time I used it. Cheap plastic junk.'),
  N('complaint', 'been on hold for 45 minutes just to change an address'),
  N('complaint', 'Got food poisoning from the chicken wrap at the Main St location. Never again.'),
  N('complaint', 'Three different agents, three different answers. Nobody knows what they are doing.'),
  N('complaint', 'my refund was approved 3 weeks ago and I still don\'t have it'),
  N('complaint', 'The new update drains my battery in 4 hours. Roll it back please.'),
  N('complaint', 'they cancelled my flight with a text at 2am and offered nothing'),
  N('complaint', 'Package arrived soaked and the box was ripped open. Half the items missing.'),
  N('complaint', 'Who approved this redesign? I can\'t find anything anymore.'),
  N('complaint', 'Overpriced and undercooked. Waited 50 min for cold fries.'),
  N('complaint', 'The driver left my parcel in the rain in front of the wrong house'),
  N('complaint', 'Your chatbot is useless, it just loops me back to the FAQ'),
  N('complaint', 'Subscription renewed without any warning and they refuse to refund it'),
  N('complaint', 'I have emailed support five times. No reply. Not one.'),
  N('complaint', 'Screen started flickering after two weeks. Warranty claim denied because of "user damage". Right.'),
  N('complaint', 'Store manager was incredibly rude to my elderly mum today'),
  N('complaint', 'There was a hair baked into my croissant. Gross.'),
  N('complaint', 'Hidden fees at checkout again. Shady practice.'),
  N('complaint', 'The stroller recall letter came AFTER my kid got pinched by the hinge'),
  N('complaint', 'Internet has been down since Friday and the status page says everything is fine'),
  N('complaint', 'Stop lying to your customers about "supply issues"'),
  N('complaint', 'want my money back, the jacket fell apart after one wash'),
  N('complaint', 'Worst customer experience I\'ve had in years'),
  N('complaint', 'The heater in my rental car was broken and they charged me a cleaning fee on top'),
  N('complaint', 'pharmacy app lost my prescription AGAIN'),
  N('complaint', 'Delivery window 8-12. It is now 6pm.'),
  N('complaint', 'Seriously disappointed with the quality lately, used to be so much better'),
  N('complaint', 'Headphones stopped working on the left side after a month'),
  N('complaint', 'The coffee tastes burnt every single time now'),
  N('complaint', 'your "unlimited" plan throttles me after 20GB, that\'s false advertising'),
  N('complaint', 'my account got hacked and support told me to wait 10 business days'),
  N('complaint', 'So tired of your trains being late every morning'),
  N('complaint', 'The seat belt recall notice should have gone out months ago. People could get hurt.'),
  N('complaint', 'Paid for express shipping, got it a week later. Refund the shipping at least.'),
  N('complaint', 'Terrible. Just terrible. The whole checkout crashed and took my money anyway.'),
  N('complaint', 'had to explain my issue 4 times, then they hung up on me'),
  N('complaint', 'Your mobile site is so slow it is basically unusable'),
  N('complaint', 'found a bug in the salad. an actual bug.'),
  N('complaint', 'Laptop overheats and shuts down when I open more than two tabs'),
  N('complaint', 'Please fix the login issue, I\'ve been locked out for three days'),
  // praise
  P('praise', 'Shoutout to Maria at the downtown branch, she sorted my issue in five minutes'),
  P('praise', 'Honestly the best pizza in town, the crust is perfect'),
  P('praise', 'Support replied within an hour and replaced the part for free. Impressed.'),
  P('praise', 'Loving the new colors this season'),
  P('praise', 'My order arrived a day early and beautifully packed, thank you!'),
  P('praise', 'This vacuum changed my life, no joke'),
  P('praise', 'Great hotel, friendly staff, spotless room'),
  P('praise', 'Finally a bank app that actually works. Smooth and quick.'),
  P('praise', 'The new flavour is delicious, please keep it forever'),
  P('praise', 'Thanks for fixing the outage so fast last night, appreciated'),
  P('praise', 'Customer service went above and beyond for my birthday order'),
  P('praise', 'Bought these boots 5 years ago and they still look new'),
  P('praise', 'The staff at the airport lounge were lovely'),
  P('praise', 'Easiest return I\'ve ever done. Printed label, dropped it off, refunded next day.'),
  P('praise', 'Five stars, would recommend to anyone'),
  P('praise', 'Your team handled the recall really well, clear info and a quick replacement'),
  P('praise', 'Impressed by how quiet the new dishwasher is'),
  P('praise', 'kids are obsessed with the new cereal'),
  P('praise', 'Big thanks to the driver who carried everything up four floors'),
  // questions
  P('question', 'Is the Oxford Street store open on Sunday?'),
  P('question', 'Does the new model come in black?'),
  P('question', 'Anyone know if the winter sale starts this week?'),
  P('question', 'how do I change the email on my account'),
  P('question', 'Will the limited edition be restocked?'),
  P('question', 'What time does the app update go live?'),
  P('question', 'Can I bring my dog into the garden center?'),
  N('question', 'Why is my order still "processing" after 10 days??'),
  N('question', 'Is anyone actually reading these complaints or is it just a bot?'),
  N('question', 'How is it acceptable to charge $30 for a replacement cable that breaks in a month?'),
  N('question', 'where is my refund?'),
  // sarcasm
  N('sarcasm', 'Oh great, another "maintenance window" during peak hours. Love it.'),
  N('sarcasm', 'Thanks for nothing, really helpful as always'),
  N('sarcasm', 'wow 3 hours on hold, what amazing service'),
  N('sarcasm', 'Love paying premium prices for a product that breaks in a week'),
  N('sarcasm', 'Nice to see the price went up and the portion went down. Genius.'),
  N('sarcasm', 'yeah right, "your call is important to us"'),
  N('sarcasm', 'Can\'t wait to spend my weekend on hold with your support again'),
  N('sarcasm', 'Congrats on the worst app update of the year'),
  // slang
  N('slang', 'ngl this new menu is mid'),
  N('slang', 'bruh the app crashed mid payment smh'),
  P('slang', 'these sneakers go hard fr'),
  P('slang', 'new drop is fire 🔥🔥'),
  N('slang', 'customer service ghosted me lmao what a scam'),
  P('slang', 'lowkey obsessed with the new lip oil'),
  N('slang', 'this update is straight trash'),
  P('slang', 'the chicken sandwich slaps ngl'),
  N('slang', 'ugh the wifi on this train is such a joke'),
  // emoji
  N('emoji', 'Still no delivery 😡😡'),
  N('emoji', 'my phone after the update 🤬'),
  P('emoji', 'New store looks amazing 😍'),
  N('emoji', 'cold food again 👎'),
  P('emoji', 'got my order today 👍'),
  N('emoji', 'waited an hour for this 🙄'),
  P('emoji', 'best birthday cake ever 🎂🥰'),
  N('emoji', 'broke after 2 days 💔'),
  P('emoji', 'service today 👏👏'),
  N('emoji', 'the new packaging 🤮'),
  // negation
  N('negation', 'not good, not good at all'),
  N('negation', 'The new formula is not as good as the old one'),
  N('negation', 'I\'m not happy with how this was handled'),
  N('negation', 'Nobody at the store could help me'),
  P('negation', 'not bad for the price honestly'),
  P('negation', 'No complaints, it does exactly what it says'),
  N('negation', 'I will never recommend this company to anyone'),
  N('negation', 'this is not what I ordered'),
  P('negation', 'Never had a single problem with my car in six years'),
  N('negation', 'Don\'t waste your money on the premium plan'),
  P('negation', 'can\'t complain, delivery was quick'),
  N('negation', 'the charger doesn\'t work with my phone'),
  P('negation', 'Never disappoints. Ordered again today.'),
  N('negation', 'Not impressed with the new loyalty program'),
  // neutral
  P('neutral', 'Picked up a new kettle from the outlet today'),
  P('neutral', 'The store on 5th Avenue is moving to a bigger location in March'),
  P('neutral', 'Watching the product launch livestream'),
  P('neutral', 'They announced a partnership with a shipping company'),
  P('neutral', 'My flight is at 7 tomorrow, checking in online now'),
  P('neutral', 'Just switched my phone plan to the family bundle'),
  P('neutral', 'New ad campaign is on every bus stop in Leeds'),
];
