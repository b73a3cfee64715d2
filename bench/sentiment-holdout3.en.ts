// Held-out set C, English, for `npm run bench:sentiment`: written blind (without reading the rules) and never tuned on.
import { builders, type LabelledPost } from './sentiment-corpus.en';

const { N, P } = builders('en');

export const EN_HOLDOUT_C: readonly LabelledPost[] = [
  // complaints, many of them facts alone
  N('complaint', '@SkyLinkAir flight 442 cancelled at the gate, rebooked for thursday. its monday'),
  N('complaint', 'ordered from @QuickBite at 7:40, its now 9:15 and the driver has been "2 min away" since 8'),
  N('complaint', 'my internet has dropped 11 times since breakfast @Telnova'),
  N('complaint', '@HarborBank froze my card while I was abroad and the fraud line is closed on weekends'),
  N('complaint', 'returned the jacket 5 weeks ago, still havent seen the money'),
  N('complaint', 'bill went from 45 to 112 this month and nobody can tell me why @VoltEnergy'),
  N('complaint', 'Car has been at the dealer 3 weeks for a warning light. no loaner, no updates'),
  N('complaint', 'courier left my parcel on the doorstep in the rain, box soaked right through'),
  N('complaint', 'been on hold 52 min with @Telnova and the music just restarted from the top'),
  N('complaint', 'the app update wiped all my saved addresses AND my payment cards'),
  N('complaint', 'stayed in for the engineer 8-12, nobody came, no text no call'),
  N('complaint', 'my luggage went to Lisbon. I went to Oslo'),
  N('complaint', 'got a parking fine in the post for a session your app says I paid for'),
  N('complaint', 'ordered 2 large pizzas, got 1 medium and someone elses wings'),
  N('complaint', 'checkout queue 40 people deep and 2 tills open on a saturday #FreshMart'),
  N('complaint', 'the new firmware bricked my thermostat, house is at 14 degrees'),
  N('complaint', 'transfer pending since friday and rent is due tomorrow @HarborBank'),
  N('complaint', 'meter reading estimated AGAIN, 3rd time this year'),
  N('complaint', 'they charged me an early exit fee on a contract that ended in june'),
  N('complaint', 'gate agent told us to run for it, we ran, door was shut anyway'),
  N('complaint', 'dealer said the recall parts were in stock in april. its july. no parts'),
  N('complaint', 'Paying for the ad free plan and getting an ad every 10 minutes'),

  // sarcasm
  N('sarcasm', 'wow @Telnova down for the 4th time this week, really going for the record'),
  N('sarcasm', 'love paying premium fares to stand by the toilets for 3 hours #SkyLinkAir'),
  N('sarcasm', 'Oh fantastic, the app logged me out right at checkout. Thanks so much'),
  N('sarcasm', 'nothing says customer first like a chatbot that hangs up on you'),
  N('sarcasm', 'so glad I pay for "unlimited" data that gives up at 20gb'),
  N('sarcasm', 'cold fries AND a missing burger, @QuickBite really outdid themselves tonight'),
  N('sarcasm', 'amazing how the price goes up every year and the service goes down every year'),
  N('sarcasm', 'shoutout to @HarborBank for holding my salary on payday, truly iconic behaviour'),
  N('sarcasm', 'Perfect timing for a power cut, right in the middle of my exam. cheers @VoltEnergy'),
  N('sarcasm', 'love that my brand new car spends more nights at the garage than in my driveway'),

  // negation
  N('negation', 'honestly not impressed w the upgrade, feels slower than before'),
  N('negation', 'not happy @SkyLinkAir, not happy at all'),
  N('negation', 'the replacement is no better than the first one'),
  N('negation', 'never ordering from this place again'),
  N('negation', 'cant say i would recommend @Telnova to anyone'),
  N('negation', 'Customer service was not helpful in the slightest'),
  N('negation', 'the "fix" didnt fix anything'),
  N('negation', 'not worth the money, not even on sale'),

  // slang
  N('slang', 'the new update is mid at best fr'),
  N('slang', '@QuickBite delivery times are straight trash lately'),
  N('slang', 'bro this banking app is so buggy its actually a joke'),
  N('slang', 'ngl the new layout is ass'),
  N('slang', 'this airline is a whole scam smh'),
  N('slang', 'store wifi is cooked, cant even load the coupon'),
  N('slang', 'lowkey the worst burger ive had all year'),
  N('slang', 'yall really shipped this update without testing it huh 💀'),
  N('slang', 'rep ghosted me mid chat lmaooo wtf @Telnova'),

  // emoji
  N('emoji', '@Telnova 😡😡😡'),
  N('emoji', '🤬🤬 @QuickBite where is my food'),
  N('emoji', 'day 3 no internet 😤📵'),
  N('emoji', '@SkyLinkAir 🙄🙄🙄🙄'),
  N('emoji', 'delayed again 😩😩😩'),
  N('emoji', 'my bill 📈📈📈 my patience 📉📉📉'),
  N('emoji', '👎👎👎 @HarborBank'),
  N('emoji', '🤮 the new recipe'),
  N('emoji', 'power out again 🕯️🕯️🕯️ @VoltEnergy'),

  // questions that are complaints
  N('question', 'why is my order still not here?? it said 30 min an hour ago'),
  N('question', 'how many times do I have to call before someone actually fixes my line?'),
  N('question', 'is anyone at @HarborBank ever going to answer my email or nah'),
  N('question', 'why does your app need 4 updates a week and still crash'),
  N('question', 'who decided to take the charger out of the box AND charge 30 for it??'),
  N('question', 'what is the point of a tracking number that never updates?'),
  N('question', 'how do you lose a suitcase on a direct flight?'),
  N('question', 'why am I paying for 500mb when speedtest says 12?'),
  N('question', '@VoltEnergy when exactly are you planning to refund the overcharge from january??'),
  N('question', 'can someone explain why my fries come cold every single time'),

  // praise
  P('praise', 'shoutout to the @SkyLinkAir crew on the 6am to Dublin, so friendly'),
  P('praise', '@QuickBite driver was early and even remembered the extra sauce 🙌'),
  P('praise', 'Switched to @Telnova fibre last week and wow the speed'),
  P('praise', 'the lady at the @HarborBank branch sorted my mortgage paperwork in 20 minutes, legend'),
  P('praise', 'new update is actually smooth, dark mode looks clean'),
  P('praise', 'refund hit my account the same day, didnt expect that'),
  P('praise', 'test drove the new EV today and honestly loved it'),
  P('praise', 'best support chat ive ever had, sorted in 5 min'),
  P('praise', 'the engineer turned up on time, fixed the boiler and cleaned up after himself'),
  P('praise', 'props to the store manager who let me swap the size without a receipt'),
  P('praise', 'that ramen bowl was unreal, ordering again tomorrow'),
  P('praise', 'parcel arrived a day early and packed really well'),

  // praise with a small caveat, still positive overall
  P('praise', 'app is a bit slow on older phones but overall really solid'),
  P('praise', 'flight left 20 min late but the crew were lovely and we landed early anyway'),
  P('praise', 'pricier than my old plan, but the coverage is so much better, worth it'),
  P('praise', 'took a while to get through but the agent was great and sorted everything'),

  // negative words about something else
  P('praise', 'weather was awful on landing but the pilot handled it perfectly, thank you @SkyLinkAir'),
  P('praise', 'my old bank was a nightmare, moved to @HarborBank and its been so easy'),
  P('praise', 'traffic to the airport was horrible but check in took 2 min, nice'),
  P('praise', 'lost my wallet on the bus lol, nothing to do with the bank, new card arrived in 2 days tho'),

  // neutral news and facts
  P('neutral', '@Telnova is rolling out 5G in the north of the city from next month'),
  P('neutral', 'The FreshMart on Main St is moving to the mall in May'),
  P('neutral', 'QuickBite now delivers in Leeds'),
  P('neutral', 'AutoMoto recalls 12,000 vans over a faulty seatbelt sensor, owners will be contacted'),
  P('neutral', 'power cut in the east of town, VoltEnergy says crews are on site and it should be back by 6pm'),
  P('neutral', 'my phone died on the train so I missed the call, rebooked online anyway'),
  P('neutral', 'Flight 212 now departing from gate B14'),
  P('neutral', 'Harbor Bank earnings call is at 3pm today'),

  // emoji
  P('emoji', '🔥🔥🔥 new menu @QuickBite'),
  P('emoji', 'finally fibre 🎉🎉'),
  P('emoji', '😍 the new colour'),

  // slang
  P('slang', 'ngl the new app update slaps'),
  P('slang', 'this new burger goes hard fr'),
  P('slang', 'lowkey obsessed with the new card design'),

  // neutral questions
  P('question', 'what time does the store open on sundays?'),
  P('question', 'does the premium plan include roaming in canada?'),
  P('question', '@SkyLinkAir can I bring a guitar as cabin baggage?'),
  P('question', 'is the new EV available in grey?'),
  P('question', 'anyone know if @QuickBite delivers to the campus dorms?'),
  P('question', 'how do I add a second card holder to my account?'),
  P('question', 'when does the winter sale start?'),

  // negated negatives
  P('negation', 'no problems at all with the install, done in an hour'),
  P('negation', 'not bad at all for the price'),
  P('negation', 'wasnt expecting much but no complaints honestly'),
  P('negation', 'never had a single issue with my @Telnova line in 4 years'),
  P('negation', 'cant fault the service tonight'),
  P('negation', 'didnt have to wait at all, in and out in 5'),
  P('negation', 'nothing wrong with the new app, people are overreacting'),
];
