"""Invented two-article status pairs of ledger round 9 (issue 19), written before any rule of
the round ran on them, in the way wire reports of one story look: the expectation in the first
article, the later sentence in the second, told in other words (past tense with a date, the
passive, a headline), often beside another sentence of the later article that restates the
plan, mentions it, tells a further occurrence or a look-alike event. None is taken from the
shared data. Kept as tests, not gold (tests/knowledge/test_ledger_round9.py);
docs/ledger-guideline.md, "Round 9 (linking)", gives the figures.

An article's sentences are joined by line breaks, as an ECB+ document's are. ``traps`` lists
sentences of the later article that must never confirm the entry (a look-alike event, another
occurrence, a restatement)."""

from __future__ import annotations

from _ledger_samples import Pair


def _pair(
    pid: str,
    first: list[str],
    plan: int,
    second: list[str],
    later: int,
    status: str,
    traps: tuple[int, ...] = (),
) -> Pair:
    return Pair(
        pid,
        "\n".join(first),
        first[plan],
        "\n".join(second),
        second[later],
        status,
        tuple(second[i] for i in traps),
    )


PAIRS: tuple[Pair, ...] = (
    # --- confirmations: the event told as done, in other words --------------------------------
    _pair(
        "r9-k1",
        [
            "Former mayor Victor Lang will be sentenced on Friday for taking bribes, "
            "prosecutors said.",
            "Lang was convicted in March of six counts of bribery.",
        ],
        0,
        [
            "Ex-mayor Lang gets seven years for bribery",
            "Former mayor Victor Lang was sent to prison for seven years on Friday for taking "
            "bribes from developers.",
            "Lang, 61, had hoped for a lighter sentence after he repaid the money.",
        ],
        1,
        "confirms",
    ),
    _pair(
        "r9-k2",
        [
            "Astronauts Mei Tanaka and Luis Ortega will make a spacewalk on Tuesday to replace a "
            "faulty battery on the space station.",
            "The battery stores power from the station's solar panels.",
        ],
        0,
        [
            "Tanaka and Ortega stepped outside the station at 8:10 a.m. on Tuesday and swapped "
            "the old battery for a new one in six hours.",
            "A second spacewalk to finish the work is planned for next week, NASA said.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k3",
        [
            "Governor Ana Ruiz is expected to open the new Harbour Bridge in Port Elm on Saturday.",
            "The bridge cost $900 million and took four years to build.",
        ],
        0,
        [
            "The new Harbour Bridge in Port Elm was opened to traffic on Saturday by Governor "
            "Ana Ruiz, two years behind schedule.",
            "Ruiz said the bridge would cut commuting times by half.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-k4",
        [
            "Orvell Pharma is expected to report its second-quarter results on Thursday.",
            "Analysts forecast a small rise in profit.",
        ],
        0,
        [
            "Orvell Pharma posts 12 percent jump in quarterly profit",
            "Orvell Pharma said on Thursday that its second-quarter net profit rose 12 percent "
            "to $840 million, helped by sales of its diabetes drug.",
            "The company will report third-quarter results in October.",
        ],
        1,
        "confirms",
        traps=(2,),
    ),
    _pair(
        "r9-k5",
        [
            "Coach Dario Bellini will name his squad for the World Cup on Monday.",
            "Bellini has used 40 players in the past year.",
        ],
        0,
        [
            "Dario Bellini left out striker Marco Vitti when he named his 26-man World Cup squad "
            "on Monday.",
            "Bellini had said last month that he would name the squad after the league's final "
            "round.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-k6",
        [
            "Voters in Estavia will go to the polls on Sunday to choose a new parliament.",
            "Twelve parties are taking part.",
        ],
        0,
        [
            "Polling stations across Estavia closed at 8 p.m. on Sunday, and officials put "
            "turnout at 61 percent.",
            "Official results are expected on Monday.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-k7",
        [
            "Train drivers in the Aster union will strike on Wednesday over pay, bringing "
            "services across the region to a halt.",
            "Talks with the rail company broke down last week.",
        ],
        0,
        [
            "Hardly any trains ran across the region on Wednesday as drivers of the Aster union "
            "walked out over pay.",
            "The union has threatened further strikes next month.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k8",
        [
            "Daniel Pryor, 28, will appear in court on Monday charged with the murder of his "
            "flatmate.",
            "The flatmate was found dead at their home in Hull on Friday.",
        ],
        0,
        [
            "Daniel Pryor appeared before Hull magistrates on Monday charged with murdering his "
            "flatmate.",
            "He was remanded in custody and will appear at Hull Crown Court on March 3.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k9",
        [
            "Orbitex will launch its first heavy rocket from Kourou on Thursday evening.",
            "The rocket will carry two weather satellites.",
        ],
        0,
        [
            "Orbitex's first heavy rocket lifted off from Kourou at 9:02 p.m. on Thursday and "
            "put two satellites into orbit.",
            "The company plans a second launch in the spring.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k10",
        [
            "President Ilona Varsh and Chancellor Peter Holm will meet in Prague on Tuesday to "
            "discuss energy supplies.",
            "Gas prices have doubled this year.",
        ],
        0,
        [
            "Varsh and Holm agreed in Prague on Tuesday to build a new gas pipeline between "
            "their countries.",
            "The two leaders will meet again in Berlin in the autumn.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k11",
        [
            "Hartley Foods is expected to complete its purchase of the bakery chain Crumb & Co "
            "by the end of March.",
            "The deal was approved by regulators last week.",
        ],
        0,
        [
            "Hartley Foods said on March 28 that it had completed the $210 million takeover of "
            "Crumb & Co.",
            "The combined company will employ 9,000 people.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-k12",
        [
            "The jury in the trial of nurse Helen Marsh is expected to return its verdict on "
            "Wednesday.",
            "Marsh denies killing three patients.",
        ],
        0,
        [
            "A jury found nurse Helen Marsh guilty of manslaughter on Wednesday after "
            "deliberating for two days.",
            "Marsh will be sentenced next month.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-k13",
        [
            "Hugo Barr, the former Tidewater Bank chief, is expected to plead guilty to fraud "
            "charges on Monday.",
            "Barr ran the bank for eleven years.",
        ],
        0,
        [
            "Hugo Barr admitted two counts of fraud at Manhattan federal court on Monday.",
            "Barr had been expected to plead guilty, his lawyer said last week.",
            "He faces up to 20 years in prison when he is sentenced in June.",
        ],
        0,
        "confirms",
        traps=(1, 2),
    ),
    _pair(
        "r9-k14",
        [
            "Singer Rosa Lind will marry actor Tom Hale in Capri on Saturday.",
            "The couple met on the set of a film in 2019.",
        ],
        0,
        [
            "Rosa Lind and Tom Hale exchanged vows in front of 80 guests in Capri on Saturday.",
            "The couple announced their engagement last year and had planned a summer wedding.",
        ],
        0,
        "confirms",
    ),
    # --- shifts: the same event, a new time ---------------------------------------------------
    _pair(
        "r9-s1",
        [
            "The trial of businessman Omar Feld is due to start on Monday at Southwark Crown "
            "Court.",
            "Feld is accused of a $40 million fraud.",
        ],
        0,
        [
            "The fraud trial of Omar Feld will now begin in September after his lawyers said "
            "they needed more time to read the evidence.",
            "Feld denies all charges.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "r9-s2",
        [
            "Lumen Air will begin flights between Dublin and Boston on April 2.",
            "The airline will use new Airbus jets on the route.",
        ],
        0,
        [
            "Lumen Air has put back the start of its Dublin to Boston service until June because "
            "of a shortage of pilots.",
            "Passengers booked for April will get a refund.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "r9-s3",
        [
            "The Dunmore city council is to vote on the new stadium on Tuesday evening.",
            "The club says the stadium would bring 500 jobs.",
        ],
        0,
        [
            "Dunmore councillors deferred their decision on the stadium for two weeks on Tuesday "
            "after residents packed the meeting.",
            "Club officials said they were disappointed.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "r9-s4",
        [
            "Singer Ada Noor will play two concerts at Wembley Arena on July 4 and 5.",
            "Both shows sold out in an hour.",
        ],
        0,
        [
            "Ada Noor's Wembley Arena concerts have been rescheduled for October 10 and 11 after "
            "the singer had throat surgery.",
            "Tickets remain valid for the new dates.",
        ],
        0,
        "shifts",
    ),
    # --- cancellations ------------------------------------------------------------------------
    _pair(
        "r9-x1",
        [
            "Prime Minister Lars Eke will visit Tokyo next week for talks on trade.",
            "It will be his first trip to Asia since taking office.",
        ],
        0,
        [
            "Lars Eke has cancelled his trip to Tokyo to deal with flooding at home, his office "
            "said on Sunday.",
            "Floods have forced 20,000 people from their homes.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "r9-x2",
        [
            "Veltro Bank is set to merge with its rival Castel Bank, the two banks said.",
            "The combined lender would have 4 million customers.",
        ],
        0,
        [
            "Veltro Bank and Castel Bank have dropped plans to merge after failing to agree on "
            "who would run the combined lender.",
            "Shares in Castel fell 8 percent.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "r9-x3",
        [
            "Striker Leo Marin will make his debut for the Falcons on Saturday.",
            "Marin joined the club from Porto for 30 million euros.",
        ],
        0,
        [
            "Leo Marin was left out of the Falcons side for Saturday's game after failing a late "
            "fitness test.",
            "The Falcons won 2-0.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "r9-x4",
        [
            "Chess champion Ivo Stan will play the challenger Ren Ito in Zurich on Friday.",
            "The winner takes home $1 million.",
        ],
        0,
        [
            "Friday's match between Ivo Stan and Ren Ito in Zurich was called off after Ito fell "
            "ill.",
            "Organisers hope to stage it next month.",
        ],
        0,
        "cancels",
    ),
    # --- restatements beside a look-alike happening -------------------------------------------
    _pair(
        "r9-r1",
        [
            "Rapper DJ Kato will headline the Northwind festival in Leeds on Saturday.",
            "The festival expects 40,000 fans.",
        ],
        0,
        [
            "DJ Kato, who headlines the Northwind festival in Leeds on Saturday, released a new "
            "single on Friday.",
            "The single topped the download chart within hours.",
        ],
        0,
        "repeats",
        traps=(0, 1),
    ),
    _pair(
        "r9-r2",
        [
            "Finance minister Sara Dunn will present the budget to parliament on Wednesday.",
            "She is expected to raise taxes on banks.",
        ],
        0,
        [
            "Sara Dunn presented a plan to cut fuel duty to business leaders in Manchester on "
            "Monday.",
            "She will set out the full budget in parliament on Wednesday.",
        ],
        1,
        "repeats",
        traps=(0, 1),
    ),
    _pair(
        "r9-r3",
        [
            "The Comets will play the Rangers in the cup final at Hampden Park on Sunday.",
            "The Comets have never won the cup.",
        ],
        0,
        [
            "The Comets beat the Rangers 3-1 in a league game at Hampden Park last month.",
            "The two sides meet again in Sunday's cup final.",
        ],
        1,
        "repeats",
        traps=(0, 1),
    ),
    _pair(
        "r9-r4",
        [
            "Rivet Motors will cut 2,000 jobs at its Coventry plant next year.",
            "The plant makes engines for vans.",
        ],
        0,
        [
            "Rivet Motors confirmed on Tuesday that it will cut 2,000 jobs at its Coventry plant "
            "next year.",
            "Unions called the decision a betrayal.",
        ],
        0,
        "repeats",
        traps=(0,),
    ),
    _pair(
        "r9-r5",
        [
            "The verdict in the bribery trial of Tom Reyes is expected on Thursday.",
            "Reyes is accused of taking $1 million from a builder.",
        ],
        0,
        [
            "A verdict is due on Thursday in the bribery trial of Tom Reyes, who denies "
            "wrongdoing.",
            "Reyes arrived at court with his wife on Monday.",
        ],
        0,
        "repeats",
        traps=(0, 1),
    ),
)

#: Written after the round's rules, and run once blind (docs/ledger-guideline.md, "Round 9
#: (linking)").
AFTER: tuple[Pair, ...] = (
    _pair(
        "r9-a1",
        [
            "Opposition leader Karin Solberg is expected to be sworn in as prime minister on "
            "Thursday.",
            "Her coalition won 91 of the 169 seats.",
        ],
        0,
        [
            "Karin Solberg took the oath of office as prime minister in Oslo on Thursday.",
            "She had been expected to take office last week, before coalition talks dragged on.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-a2",
        [
            "The board of Pellam Steel will vote on Tuesday on a plan to close its Rotherham "
            "works.",
            "The works employ 1,400 people.",
        ],
        0,
        [
            "Pellam Steel's board approved the closure of the Rotherham works on Tuesday.",
            "Union leaders had hoped the board would delay the vote.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-a3",
        [
            "Striker Jonas Eklund is due to undergo knee surgery in Munich on Friday.",
            "Eklund was injured in Sunday's derby.",
        ],
        0,
        [
            "Jonas Eklund was operated on successfully in Munich on Friday, his club said.",
            "Eklund is expected to be out for six months.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-a4",
        [
            "Verdant Telecom will announce its new chief executive on Monday, the company said.",
            "The post has been vacant since March.",
        ],
        0,
        [
            "Verdant Telecom names former BT executive Maya Linde as chief",
            "Verdant Telecom on Monday appointed Maya Linde as its chief executive.",
            "Verdant had said it would announce the appointment this week.",
        ],
        1,
        "confirms",
    ),
    _pair(
        "r9-a5",
        [
            "Pope Gregory will visit the flood-hit town of Moravka on Sunday.",
            "Floods killed 23 people in the region last month.",
        ],
        0,
        [
            "Pope Gregory prayed with survivors of the floods in Moravka on Sunday and blessed "
            "a new school.",
            "It was his first trip abroad this year.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "r9-a6",
        [
            "Former minister Paul Okafor will be questioned by anti-corruption investigators on "
            "Wednesday.",
            "Okafor denies any wrongdoing.",
        ],
        0,
        [
            "Paul Okafor spent six hours answering questions from anti-corruption investigators "
            "in Abuja on Wednesday.",
            "He will be questioned again next week.",
        ],
        0,
        "confirms",
        traps=(1,),
    ),
    _pair(
        "r9-a7",
        [
            "The sentencing of Carl Voss for the murder of his business partner is set for Monday.",
            "Voss was convicted in January.",
        ],
        0,
        [
            "A judge on Monday put off the sentencing of Carl Voss until April 12 to allow "
            "psychiatric reports.",
            "Voss faces life in prison.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "r9-a8",
        [
            "Halvard Airways will start flights from Bergen to New York on May 15.",
            "The route will be flown three times a week.",
        ],
        0,
        [
            "Halvard Airways said its Bergen to New York flights would not start until "
            "September because of delays in aircraft deliveries.",
            "Booked passengers will be offered refunds.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "r9-a9",
        [
            "The singer Tomas Berg will play three shows in Dublin next week.",
            "All three sold out in a day.",
        ],
        0,
        [
            "Tomas Berg has scrapped his Dublin shows after injuring his back, his promoter said.",
            "Fans will get their money back.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "r9-a10",
        [
            "Brenmoor Council is set to sell the old town hall to a hotel developer.",
            "The building has been empty for ten years.",
        ],
        0,
        [
            "Brenmoor Council has pulled out of the sale of the old town hall after protests by "
            "residents.",
            "The council will now look at turning it into a library.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "r9-a11",
        [
            "The Pirates will play the Mariners in the final at Oakfield on Saturday.",
            "The Pirates last won the title in 2009.",
        ],
        0,
        [
            "The Pirates beat the Mariners 4-2 in a friendly at Oakfield two years ago.",
            "The teams meet in Saturday's final at Oakfield.",
        ],
        1,
        "repeats",
        traps=(0, 1),
    ),
    _pair(
        "r9-a12",
        [
            "Novak Trade will open its first store in Prague on June 1.",
            "The company sells furniture online.",
        ],
        0,
        [
            "Novak Trade, which opens its first Prague store on June 1, reported higher sales on "
            "Thursday.",
            "Its shares rose 4 percent.",
        ],
        0,
        "repeats",
        traps=(0,),
    ),
)
