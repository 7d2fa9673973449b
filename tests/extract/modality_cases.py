"""Gold modality cases: realistic news sentences written for this test set (not from the seeds).

``CASES`` were written before the rules in ``storyline.extract.modality``, which were then
written with them in view (so their score there is optimistic). ``HELD_OUT`` was written after
the rules: 36/41 right before the rules were corrected on it (recall: expected 0.82, ongoing
0.90, happened 1.00, denied 0.80; happened precision 0.67). ``FRESH`` was written after that
correction: 22/24 right and 21/24 attributions before a last round of fixes ("going to",
"failed to", sources the parse misses).

Each case: the sentence, the predicate asked about (``None``: let the classifier pick the main
event), the gold label, and the gold source of attribution (``None``: the sentence attributes
the event to nobody).

Labels: ``expected`` (hedged, planned, scheduled, future), ``ongoing`` (happening now),
``happened`` (asserted as past), ``denied`` (called off, cancelled, negated, denied).
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    sentence: str
    predicate: str | None
    label: str
    attributed_to: str | None


CASES: tuple[Case, ...] = (
    # --- expected: modals, plans, schedules, forecasts, conditionals ---------------------------
    Case(
        "The two leaders could meet on the sidelines of the G20 summit next month, officials said.",
        "meet",
        "expected",
        "officials",
    ),
    Case(
        "The central bank is expected to raise interest rates by a quarter point on Wednesday.",
        "raise",
        "expected",
        None,
    ),
    Case(
        "Apple is set to unveil its new iPhone at an event in Cupertino next week.",
        "unveil",
        "expected",
        None,
    ),
    Case("The trial is due to begin in March at the Old Bailey.", "begin", "expected", None),
    Case(
        "The prime minister will travel to Brussels on Thursday for talks with EU leaders.",
        "travel",
        "expected",
        None,
    ),
    Case(
        "Ford plans to cut 3,000 jobs in Europe over the next two years, according to people "
        "familiar with the matter.",
        "cut",
        "expected",
        "people familiar with the matter",
    ),
    Case(
        "Negotiators may reach a deal before the weekend, a senior diplomat told Reuters.",
        "reach",
        "expected",
        "a senior diplomat",
    ),
    Case(
        "The company might announce layoffs as soon as Friday, Bloomberg reported.",
        "announce",
        "expected",
        "Bloomberg",
    ),
    Case(
        "The summit is scheduled to take place in Nairobi from 4 to 6 June.",
        "take",
        "expected",
        None,
    ),
    Case(
        "Microsoft intends to complete the acquisition by the end of the fiscal year.",
        "complete",
        "expected",
        None,
    ),
    Case("Police are likely to charge the driver later today.", "charge", "expected", None),
    Case(
        "Voters in Chile will decide on the new constitution in a referendum on Sunday.",
        None,
        "expected",
        None,
    ),
    Case(
        "The spacecraft is expected to land on the Moon's south pole late on Wednesday.",
        None,
        "expected",
        None,
    ),
    Case(
        "Germany's economy minister said the government would present a relief package "
        "within days.",
        "present",
        "expected",
        "Germany's economy minister",
    ),
    Case(
        "The strike could disrupt flights at Heathrow over the Easter holidays.",
        None,
        "expected",
        None,
    ),
    Case(
        "The merger, if approved, would create the largest steelmaker in Europe.",
        "create",
        "expected",
        None,
    ),
    Case(
        "The World Health Organization is poised to declare the outbreak a global emergency.",
        "declare",
        "expected",
        None,
    ),
    Case(
        "Tesla aims to start production at the new plant by 2025.",
        "start",
        "expected",
        None,
    ),
    Case("The minister is to visit flood-hit areas on Monday.", "visit", "expected", None),
    Case(
        "Analysts expect the bank to report a drop in quarterly profit on Tuesday.",
        "report",
        "expected",
        None,
    ),
    Case(
        "Lawmakers are set to vote on the bill tomorrow, sources familiar with the matter said.",
        None,
        "expected",
        "sources familiar with the matter",
    ),
    Case(
        "Opposition leaders are meeting tomorrow to choose a joint candidate.",
        "meet",
        "expected",
        None,
    ),
    # --- ongoing: present progressive, "under way", "continues", now/today ----------------------
    Case(
        "Rescue teams are searching for survivors in the rubble of the collapsed building.",
        "search",
        "ongoing",
        None,
    ),
    Case(
        "The leaders of France and Germany are meeting today in Paris to discuss the budget.",
        "meet",
        "ongoing",
        None,
    ),
    Case(
        "Firefighters are still battling the blaze, which has burned 10,000 hectares.",
        "battle",
        "ongoing",
        None,
    ),
    Case("Talks between the union and management are under way in Detroit.", None, "ongoing", None),
    Case(
        "Protesters are now marching towards parliament, police said.",
        "march",
        "ongoing",
        "police",
    ),
    Case(
        "The jury is currently deliberating in the case of the former senator.",
        None,
        "ongoing",
        None,
    ),
    Case(
        "Ukrainian forces are advancing near the city of Kherson, the general staff said.",
        "advance",
        "ongoing",
        "the general staff",
    ),
    Case(
        "The pope is visiting Canada this week, his first trip abroad since surgery.",
        "visit",
        "ongoing",
        None,
    ),
    Case(
        "Voters across India are casting their ballots today in the fourth phase of the election.",
        None,
        "ongoing",
        None,
    ),
    Case(
        "The storm is moving north at 15 kilometres per hour and continues to strengthen.",
        "move",
        "ongoing",
        None,
    ),
    Case(
        "Engineers are working around the clock to restore power to 200,000 homes.",
        "work",
        "ongoing",
        None,
    ),
    Case(
        "The French president is holding talks with his Chinese counterpart in Beijing today.",
        None,
        "ongoing",
        None,
    ),
    Case(
        "Doctors at the hospital are treating dozens of people for smoke inhalation.",
        "treat",
        "ongoing",
        None,
    ),
    Case(
        "The trial of the former chief executive continues this week in Manhattan.",
        None,
        "ongoing",
        None,
    ),
    Case("Teachers in Scotland are striking for a third day over pay.", None, "ongoing", None),
    Case(
        "Investigators are examining the flight recorders recovered from the wreckage.",
        "examine",
        "ongoing",
        None,
    ),
    Case(
        "The two delegations are negotiating behind closed doors in Geneva right now.",
        None,
        "ongoing",
        None,
    ),
    Case(
        "Shares of the company are falling sharply in early trading on Wall Street.",
        "fall",
        "ongoing",
        None,
    ),
    Case(
        "The king is attending a memorial service in Edinburgh this afternoon.",
        "attend",
        "ongoing",
        None,
    ),
    Case("Thousands of people are fleeing the city as the rebels close in.", None, "ongoing", None),
    Case(
        "Central bank officials are meeting in Frankfurt today, with a rate decision due on "
        "Thursday.",
        "meet",
        "ongoing",
        None,
    ),
    # --- happened: past tense, present perfect, past passive ------------------------------------
    Case(
        "The two presidents met in Geneva on Wednesday for nearly four hours.",
        "meet",
        "happened",
        None,
    ),
    Case(
        "Finland formally joined NATO on Tuesday, becoming the alliance's 31st member.",
        None,
        "happened",
        None,
    ),
    Case(
        "A magnitude 6.8 earthquake struck central Morocco late on Friday, killing more than "
        "2,000 people.",
        "strike",
        "happened",
        None,
    ),
    Case(
        "The company announced on Monday that it had acquired a rival start-up for $1.2bn.",
        "acquire",
        "happened",
        "The company",
    ),
    Case(
        "Police arrested three men in connection with the attack, a spokesman said.",
        "arrest",
        "happened",
        "a spokesman",
    ),
    Case(
        "The Senate has passed the infrastructure bill by 69 votes to 30.",
        None,
        "happened",
        None,
    ),
    Case("Ministers signed the agreement at a ceremony in Riyadh.", "sign", "happened", None),
    Case("The striker scored twice as Brazil beat Serbia 2-0.", None, "happened", None),
    Case(
        "According to state media, the missile landed in the sea off the east coast.",
        "land",
        "happened",
        "state media",
    ),
    Case(
        "The suspect was detained at the airport as he tried to board a flight to Dubai.",
        "detain",
        "happened",
        None,
    ),
    Case(
        "Heavy rain has flooded parts of southern Brazil, leaving thousands homeless.",
        None,
        "happened",
        None,
    ),
    Case(
        "Amazon posted a 20 percent rise in quarterly sales, beating analysts' forecasts.",
        "post",
        "happened",
        None,
    ),
    Case(
        "The court sentenced the former minister to seven years in prison.",
        None,
        "happened",
        None,
    ),
    Case(
        "Russia and Ukraine exchanged dozens of prisoners of war on Saturday, officials in both "
        "countries said.",
        "exchange",
        "happened",
        "officials in both countries",
    ),
    Case(
        "The plane landed safely in Lisbon after the crew reported an engine fault.",
        "land",
        "happened",
        None,
    ),
    Case("Voters re-elected the mayor with 58 percent of the vote.", None, "happened", None),
    Case("Last year the firm opened three factories in Vietnam.", "open", "happened", None),
    Case(
        "The Japanese prime minister visited Kyiv in March and pledged further aid.",
        "visit",
        "happened",
        None,
    ),
    Case(
        "Protesters set fire to a police station overnight, witnesses told the BBC.",
        "set",
        "happened",
        "witnesses",
    ),
    Case("The museum has reopened after a two-year renovation.", None, "happened", None),
    Case(
        "Officials confirmed that the two leaders held talks by phone on Friday.",
        "hold",
        "happened",
        "Officials",
    ),
    # --- denied: called off, cancelled, negated, refused, denied --------------------------------
    Case(
        "The summit was called off after the host country withdrew its invitation.",
        "call",
        "denied",
        None,
    ),
    Case(
        "Organisers have cancelled the festival because of the heatwave.",
        None,
        "denied",
        None,
    ),
    Case(
        "The president will not attend the climate conference in Dubai, the White House said.",
        "attend",
        "denied",
        "the White House",
    ),
    Case(
        "The Kremlin denied that Putin had met the Wagner leader after the mutiny.",
        "meet",
        "denied",
        "The Kremlin",
    ),
    Case(
        "The finance minister ruled out a rise in income tax before the election.",
        None,
        "denied",
        None,
    ),
    Case(
        "The two teams did not meet last season because of the pandemic.",
        "meet",
        "denied",
        None,
    ),
    Case(
        "The match has been postponed until further notice due to the waterlogged pitch.",
        None,
        "denied",
        None,
    ),
    Case("The airline scrapped plans to open a new route to Miami.", "open", "denied", None),
    Case(
        "Opposition parties said they would boycott the vote and will not take part in the talks.",
        "take",
        "denied",
        "Opposition parties",
    ),
    Case(
        "The company never received the payment, its lawyers said.",
        "receive",
        "denied",
        "its lawyers",
    ),
    Case(
        "The prime minister refused to meet the striking nurses on Monday.",
        "meet",
        "denied",
        None,
    ),
    Case(
        "Officials dismissed reports that the talks had collapsed.",
        "collapse",
        "denied",
        "Officials",
    ),
    Case(
        "The visit was cancelled at the last minute amid security concerns.",
        None,
        "denied",
        None,
    ),
    Case(
        "The minister won't be attending the ceremony, her office confirmed.",
        "attend",
        "denied",
        "her office",
    ),
    Case(
        "No agreement was reached after ten hours of talks in Brussels.",
        "reach",
        "denied",
        None,
    ),
    Case(
        "The concert has been scrapped following the singer's illness.",
        None,
        "denied",
        None,
    ),
    Case(
        "Police have denied using tear gas against the protesters.",
        "use",
        "denied",
        "Police",
    ),
    Case(
        "Tokyo has abandoned its bid to host the 2030 Winter Olympics.",
        "host",
        "denied",
        None,
    ),
    Case(
        "The bank will no longer offer mortgages to first-time buyers.",
        "offer",
        "denied",
        None,
    ),
    Case(
        "The talks between the two sides have been suspended indefinitely.",
        None,
        "denied",
        None,
    ),
    Case(
        "The government called off the planned evacuation of the island after the storm "
        "changed course.",
        None,
        "denied",
        None,
    ),
    Case(
        "Spokesman Dmitry Peskov said there were no plans for a meeting between the two leaders.",
        "meeting",
        "denied",
        "Spokesman Dmitry Peskov",
    ),
)

LABELS: tuple[str, ...] = ("expected", "ongoing", "happened", "denied")

# Written after the rules, as a check on overfitting: the rules were not changed to fit these.
HELD_OUT: tuple[Case, ...] = (
    # expected
    Case(
        "The European Commission is likely to propose new sanctions against Iran next week.",
        "propose",
        "expected",
        None,
    ),
    Case(
        "Rail workers have threatened to walk out over the Christmas period unless pay talks "
        "resume.",
        "walk",
        "expected",
        None,
    ),
    Case("The new stadium should be ready in time for the 2026 World Cup.", None, "expected", None),
    Case(
        "Nvidia's results, due after the market closes on Wednesday, are expected to show strong "
        "growth in data-centre sales.",
        "show",
        "expected",
        None,
    ),
    Case(
        "Officials hope to reopen the border crossing by the end of the month.",
        "reopen",
        "expected",
        None,
    ),
    Case(
        "The mission, which is slated to launch in November, would be the first crewed flight "
        "around the Moon in half a century.",
        "launch",
        "expected",
        None,
    ),
    Case(
        "Kenya's president is expected in Washington on Monday for a state visit.",
        None,
        "expected",
        None,
    ),
    Case(
        "The heatwave may push temperatures above 40C in parts of Spain this weekend, "
        "forecasters warned.",
        "push",
        "expected",
        "forecasters",
    ),
    Case(
        "Under the plan, the city would close the last of its coal plants by 2030.",
        "close",
        "expected",
        None,
    ),
    Case(
        "Shareholders will vote on the proposed merger at a special meeting in January.",
        None,
        "expected",
        None,
    ),
    Case(
        "The two sides are due to resume negotiations in Doha on Sunday, a diplomat said.",
        "resume",
        "expected",
        "a diplomat",
    ),
    # ongoing
    Case(
        "Emergency crews are pumping water out of flooded homes in the north of the city.",
        "pump",
        "ongoing",
        None,
    ),
    Case(
        "Hundreds of migrants are waiting at the border crossing as temperatures drop.",
        "wait",
        "ongoing",
        None,
    ),
    Case(
        "The prime minister is addressing parliament right now on the budget crisis.",
        "address",
        "ongoing",
        None,
    ),
    Case(
        "Hamas and Israel are holding indirect talks in Cairo, Egyptian officials say.",
        "hold",
        "ongoing",
        "Egyptian officials",
    ),
    Case(
        "The wildfire is spreading towards the outskirts of Athens, fuelled by strong winds.",
        "spread",
        "ongoing",
        None,
    ),
    Case(
        "Negotiations on the climate deal remain deadlocked as the summit enters its final day.",
        "remain",
        "ongoing",
        None,
    ),
    Case(
        "Lawyers for the defendant are questioning the key witness this morning.",
        "question",
        "ongoing",
        None,
    ),
    Case(
        "Markets in Asia are rallying after the US Federal Reserve signalled a pause.",
        "rally",
        "ongoing",
        None,
    ),
    Case("The ship is currently anchored off the coast of Yemen.", None, "ongoing", None),
    Case("Airline staff at Frankfurt airport are on strike today.", None, "ongoing", None),
    # happened
    Case(
        "The government collapsed on Friday after the coalition partners quit.",
        "collapse",
        "happened",
        None,
    ),
    Case(
        "Two people died when a gas explosion destroyed an apartment block in Lyon.",
        "die",
        "happened",
        None,
    ),
    Case(
        "The regulator fined the bank £40m for failing to protect customers.",
        "fine",
        "happened",
        None,
    ),
    Case(
        "Scientists have discovered a new species of frog in the Ecuadorian Amazon.",
        None,
        "happened",
        None,
    ),
    Case(
        "The former president was indicted by a grand jury in Georgia, prosecutors said.",
        "indict",
        "happened",
        "prosecutors",
    ),
    Case(
        "Inflation fell to 3.2 percent in October, official figures showed.",
        "fall",
        "happened",
        "official figures",
    ),
    Case(
        "The Dutch king unveiled a monument to the victims in Amsterdam.",
        None,
        "happened",
        None,
    ),
    Case(
        "Egypt had already reopened the Rafah crossing by the time the convoy arrived.",
        "reopen",
        "happened",
        None,
    ),
    Case(
        "Voters in Ireland approved the amendment by a wide margin, the electoral commission "
        "announced.",
        "approve",
        "happened",
        "the electoral commission",
    ),
    Case(
        "The satellite was launched from French Guiana on an Ariane 5 rocket.",
        None,
        "happened",
        None,
    ),
    # denied
    Case("The club has called off its pre-season tour of Asia.", None, "denied", None),
    Case(
        "Macron will not travel to the Olympic opening ceremony in person, the Elysee said.",
        "travel",
        "denied",
        "the Elysee",
    ),
    Case(
        "The airline denied that any passengers had been injured.",
        "injure",
        "denied",
        "The airline",
    ),
    Case("The singer pulled out of the festival because of illness.", None, "denied", None),
    Case("The minister declined to attend the hearing.", "attend", "denied", None),
    Case(
        "The referendum did not take place because of the violence.",
        "take",
        "denied",
        None,
    ),
    Case(
        "The board rejected claims that the chief executive had been forced out.",
        "force",
        "denied",
        "The board",
    ),
    Case("The parade has been cancelled for the second year running.", None, "denied", None),
    Case("Neither leader attended the ceremony in Kyiv.", "attend", "denied", None),
    Case(
        "Organisers said the marathon would not go ahead this year.",
        "go",
        "denied",
        "Organisers",
    ),
)

# Written after the rules had been corrected on HELD_OUT; evaluated once and never tuned on.
FRESH: tuple[Case, ...] = (
    Case(
        "Beijing is preparing to host the foreign ministers of ASEAN later this month.",
        "host",
        "expected",
        None,
    ),
    Case(
        "The Bank of Japan might end its negative interest rate policy as early as April, "
        "economists said.",
        "end",
        "expected",
        "economists",
    ),
    Case(
        "If the bill passes the Senate, it will become law by the summer.",
        "become",
        "expected",
        None,
    ),
    Case(
        "The two companies agreed to merge, pending regulatory approval.",
        "merge",
        "expected",
        None,
    ),
    Case(
        "Scotland's first minister is going to announce her resignation on Wednesday, the BBC "
        "understands.",
        "announce",
        "expected",
        "the BBC",
    ),
    Case(
        "Delegates are scheduled to return to the negotiating table after the holiday.",
        "return",
        "expected",
        None,
    ),
    Case(
        "Police are questioning a 34-year-old man over the stabbing.",
        "question",
        "ongoing",
        None,
    ),
    Case(
        "The Rhine is running at record lows, and barges are carrying half their usual loads.",
        "run",
        "ongoing",
        None,
    ),
    Case(
        "Firefighters continue to tackle the fire at the chemical plant.",
        "tackle",
        "ongoing",
        None,
    ),
    Case(
        "Thousands of students are protesting outside the education ministry in Santiago today.",
        "protest",
        "ongoing",
        None,
    ),
    Case(
        "Mediators from Qatar are shuttling between the two delegations, a source close to the "
        "talks said.",
        "shuttle",
        "ongoing",
        "a source close to the talks",
    ),
    Case("The strike by port workers is now in its second week.", None, "ongoing", None),
    Case("The rover touched down on Mars after a seven-month journey.", "touch", "happened", None),
    Case("Three climbers were rescued from the mountain on Sunday.", "rescue", "happened", None),
    Case(
        "India has overtaken China as the world's most populous country, UN data show.",
        "overtake",
        "happened",
        "UN data",
    ),
    Case("The coalition won 52 seats in the election held on Sunday.", "win", "happened", None),
    Case(
        "The company's shares had plunged 30 percent before trading was halted.",
        "plunge",
        "happened",
        None,
    ),
    Case("Witnesses said soldiers opened fire on the crowd.", "open", "happened", "Witnesses"),
    Case("The ceremony will not be held this year.", "hold", "denied", None),
    Case("The government has shelved plans for a new runway at Gatwick.", None, "denied", None),
    Case("The FA said the game would not be replayed.", "replay", "denied", "The FA"),
    Case("Lufthansa axed 2,000 flights from its summer schedule.", None, "denied", None),
    Case("Sweden's prime minister did not attend the summit in Vilnius.", "attend", "denied", None),
    Case("Ministers failed to reach an agreement on the budget.", "reach", "denied", None),
)
