"""Invented two-article status pairs of ledger round 8 (issue 19), written before any rule of
the round ran on them, in the way ECB+ pairs look: two undated reports of one story by
different outlets, the expectation in the first, the later sentence in the second, told in
other words. None is taken from the shared data. Kept as tests, not gold
(tests/knowledge/test_ledger_round8.py); docs/ledger-guideline.md, "Round 8", gives the
figures."""

from __future__ import annotations

from _ledger_samples import Pair


def _pair(
    pid: str, first: list[str], plan: int, second: list[str], later: int, status: str
) -> Pair:
    return Pair(pid, " ".join(first), first[plan], " ".join(second), second[later], status)


PAIRS: tuple[Pair, ...] = (
    # --- shifts: the same event, a new time ---------------------------------------------------
    _pair(
        "i8-s1",
        [
            "Former city treasurer Dana Whitlock will be sentenced on Thursday for embezzling "
            "$2 million from the city, prosecutors said.",
            "Whitlock pleaded guilty in June to twelve counts of fraud.",
            "She faces up to ten years in prison.",
        ],
        0,
        [
            "A judge on Thursday delayed the sentencing of Dana Whitlock, the former treasurer "
            "who admitted stealing $2 million from the city, until March 4.",
            "Her lawyer had asked for more time to prepare medical reports.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-s2",
        [
            "NASA will launch the Aurora weather satellite from Vandenberg Air Force Base on "
            "Tuesday morning.",
            "The satellite will monitor storms over the Pacific Ocean for at least seven years.",
        ],
        0,
        [
            "High winds over the California coast kept the Aurora satellite on the ground.",
            "NASA now plans to launch the Aurora weather satellite on Friday, a spokeswoman for "
            "the agency said.",
        ],
        1,
        "shifts",
    ),
    _pair(
        "i8-s3",
        [
            "Marcus Bell, 34, is expected to be arraigned Monday in Suffolk Superior Court on "
            "charges of armed robbery.",
            "Police said Bell held up three convenience stores in Revere last month.",
        ],
        0,
        [
            "The arraignment of Marcus Bell on armed robbery charges was postponed to next week "
            "because his lawyer was ill.",
            "Bell remains held on $50,000 bail.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-s4",
        [
            "Heavyweight champion Viktor Hrabal will defend his title against Tony Moss in "
            "Cardiff on May 9.",
            "Hrabal has won all 28 of his professional fights.",
        ],
        0,
        [
            "Viktor Hrabal's title defence against Tony Moss has been moved to July 18 after the "
            "champion injured his hand in training.",
            "Tickets bought for the original date remain valid, the promoter said.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-s5",
        [
            "Prime Minister Elena Varga will hold talks with Chinese President Xi Jinping in "
            "Beijing next week, her office said.",
            "Trade and climate policy are expected to top the agenda.",
        ],
        0,
        [
            "Varga's visit to Beijing will now take place in early December, a government "
            "spokesman said on Friday.",
            "He gave no reason for the delay.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-s6",
        [
            "Orbis Motors plans to open its new battery plant in Lyon in March, creating 1,200 "
            "jobs.",
            "The plant will supply cells for the company's electric vans.",
        ],
        0,
        [
            "Supply problems have hit carmakers across Europe.",
            "Orbis Motors said the opening of its Lyon battery factory would slip to the autumn.",
        ],
        1,
        "shifts",
    ),
    _pair(
        "i8-s7",
        [
            "The band Salt Harbor will release their fourth album, Lowlands, on October 2.",
            "The first single from the record came out last week.",
        ],
        0,
        [
            "Salt Harbor have pushed the release of Lowlands back to November 13, the band said "
            "on Instagram.",
            "The group blamed a shortage of vinyl.",
        ],
        0,
        "shifts",
    ),
    # --- cancellations ------------------------------------------------------------------------
    _pair(
        "i8-c1",
        [
            "Singer Mia Korver will perform at the Royal Albert Hall on Saturday night as part "
            "of her farewell tour.",
            "The concert sold out within minutes.",
        ],
        0,
        [
            "Mia Korver has called off Saturday's show at the Royal Albert Hall after losing "
            "her voice, her spokesman said.",
            "Fans will get a full refund.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-c2",
        [
            "Defence Minister Ivan Petrov and his counterpart Ali Karim are due to meet in "
            "Vienna on Wednesday to discuss the ceasefire.",
            "It would be their first meeting since the war began.",
        ],
        0,
        [
            "Fighting resumed along the border on Monday.",
            "The Vienna talks between Petrov and Karim will not go ahead, Austrian officials said.",
        ],
        1,
        "cancels",
    ),
    _pair(
        "i8-c3",
        [
            "Hartwell Group is set to acquire the regional grocer Fenmore Foods for $480 million.",
            "The deal would create the third-largest supermarket chain in the country.",
        ],
        0,
        [
            "Hartwell Group has abandoned its $480 million bid for Fenmore Foods after "
            "regulators raised competition concerns.",
            "Shares in Fenmore fell 12 percent.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-c4",
        [
            "Jason Reid, accused of setting fire to a church in Leeds, is due to appear before "
            "magistrates this morning.",
            "The fire caused damage estimated at 400,000 pounds.",
        ],
        0,
        [
            "Reid did not appear in court on Monday.",
            "The hearing was told he had been taken to hospital.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-c5",
        [
            "Governor Alan Pryce will sign the budget bill on Friday, his spokeswoman said.",
            "The bill raises spending on schools by 4 percent.",
        ],
        0,
        [
            "Pryce vetoed the budget bill on Friday, saying it spent too much.",
            "Lawmakers may try to override the veto next month.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-c6",
        [
            "Tennis star Nadia Ferro is expected to play in the Madrid Open next week.",
            "Ferro won the tournament two years ago.",
        ],
        0,
        [
            "Nadia Ferro has withdrawn from the Madrid Open with a back injury.",
            "She hopes to be fit for the French Open.",
        ],
        0,
        "cancels",
    ),
    # --- confirmations ------------------------------------------------------------------------
    _pair(
        "i8-k1",
        [
            "Authorities said Paul Dexter, 45, will be arraigned Tuesday on charges of murdering "
            "his neighbour.",
            "The neighbour was found dead in her garden on Saturday.",
        ],
        0,
        [
            "Paul Dexter pleaded not guilty to murder at his arraignment in Bristol County "
            "Superior Court on Tuesday.",
            "He was ordered held without bail.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k2",
        [
            "Apple is expected to unveil the new iPad at an event in San Francisco on Wednesday.",
            "Analysts say the tablet will have a faster chip.",
        ],
        0,
        [
            "Apple on Wednesday introduced a thinner, faster iPad at a press event in San "
            "Francisco.",
            "It goes on sale next month.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k3",
        [
            "The jury is expected to begin deliberating on Monday in the trial of Rosa Delgado.",
            "Delgado is accused of poisoning her husband.",
        ],
        0,
        [
            "Jurors in the Rosa Delgado murder trial began their deliberations on Monday "
            "afternoon.",
            "They asked to see the toxicology report again.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k4",
        [
            "Voters in Moldova will elect a new parliament on Sunday.",
            "Polls suggest the governing party could lose its majority.",
        ],
        0,
        [
            "Moldovans cast ballots on Sunday in a parliamentary election seen as a test for "
            "the pro-European government.",
            "Turnout was 48 percent.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k5",
        [
            "Kyle Barnes, 19, is expected to be charged with manslaughter later today, police "
            "said.",
            "A cyclist died after being hit by a car in Hull on Wednesday.",
        ],
        0,
        [
            "Barnes was charged with manslaughter on Friday night.",
            "He will appear before Hull magistrates on Saturday.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k6",
        [
            "Manchester City will face Real Madrid in the Champions League semi-final at the "
            "Etihad on Tuesday.",
            "City have never reached the final.",
        ],
        0,
        [
            "Real Madrid beat Manchester City 2-1 at the Etihad on Tuesday to take a lead into "
            "the second leg.",
            "Karim Benzema scored the winner.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k7",
        [
            "The Bank of Norland is widely expected to raise interest rates by a quarter point "
            "on Thursday.",
            "Inflation reached 6 percent in September.",
        ],
        0,
        [
            "The Bank of Norland raised its key rate by 0.25 percentage points to 4.5 percent "
            "on Thursday.",
            "It was the third increase this year.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-k8",
        [
            "Chief executive Laura Finch will step down at the end of the month, Corvane "
            "announced.",
            "Finch has led the company since 2012.",
        ],
        0,
        [
            "Laura Finch, who left the top job at Corvane last week, has joined the board of a "
            "children's charity.",
            "Her successor has not been named.",
        ],
        0,
        "confirms",
    ),
    # --- restatements -------------------------------------------------------------------------
    _pair(
        "i8-r1",
        [
            "Omar Haddad was convicted of arson on Tuesday.",
            "Sentencing for Omar Haddad is set for April 3.",
        ],
        1,
        [
            "Haddad, 27, faces up to 20 years in prison when he is sentenced in April.",
            "His lawyer said he would appeal.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-r2",
        [
            "The Senate is expected to vote on the immigration bill next week.",
            "The House passed its version in May.",
        ],
        0,
        [
            "Senate leaders said a vote on the immigration bill could come as early as next "
            "Tuesday.",
            "Several senators remain undecided.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-r3",
        [
            "Microsoft will release a fix for the Windows flaw next Tuesday.",
            "Attackers have used the flaw to break into bank networks.",
        ],
        0,
        [
            "The company said the patch is scheduled to ship next Tuesday as part of its "
            "regular monthly update.",
            "Until then, users should disable the affected feature.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-r4",
        [
            "Golfer Tiger Shaw will make his comeback at the Augusta tournament in April.",
            "Shaw had surgery on his knee in November.",
        ],
        0,
        [
            "Shaw, who has not played since his knee surgery, is set to return at Augusta next "
            "month, his agent confirmed.",
            "He has been practising in Florida.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-r5",
        [
            "The airline Skyvale plans to start flights between Dublin and Boston in May.",
            "Tickets go on sale on Monday.",
        ],
        0,
        [
            "Skyvale's new Dublin to Boston route, which begins in May, will use Airbus A321 jets.",
            "The airline already flies to New York.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-r6",
        [
            "Protesters plan to march on parliament on Saturday to demand the resignation of "
            "Interior Minister Karl Weiss.",
            "Weiss has refused to step down.",
        ],
        0,
        [
            "Organisers expect thousands of people to join Saturday's march on parliament "
            "against Weiss.",
            "Police will close several streets in the centre.",
        ],
        0,
        "repeats",
    ),
)

#: A second set, written with the first and run only for its total until the round's rules
#: were settled (its pairs were not read for errors while the rules were written).
HELD_OUT: tuple[Pair, ...] = (
    _pair(
        "i8-h1",
        [
            "The trial of former mayor Greg Tilden on bribery charges is scheduled to begin on "
            "September 14 in federal court in Newark.",
            "Tilden has denied taking money from developers.",
        ],
        0,
        [
            "A federal judge granted a defence request to delay Greg Tilden's bribery trial by "
            "two months, to November 16.",
            "Tilden's lawyers said they needed time to review 40,000 pages of evidence.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-h2",
        [
            "The European Space Agency will launch its Vega rocket carrying three Earth "
            "observation satellites on Thursday night from Kourou.",
            "The launch window opens at 10:13 p.m. local time.",
        ],
        0,
        [
            "ESA said a faulty valve on the Vega rocket had forced it to postpone Thursday's "
            "launch by 24 hours.",
            "The satellites are in good condition, the agency said.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-h3",
        [
            "Leaders of the 27 member states will meet in Brussels on June 20 for a summit on "
            "migration.",
            "Diplomats expect a difficult debate.",
        ],
        0,
        [
            "The migration summit has been brought forward to June 12 at the request of Italy, "
            "an EU spokesman said.",
            "Rome wants a quick decision on sea rescues.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-h4",
        [
            "Pop star Jonah Reyes will headline the Riverside festival in Austin on Sunday.",
            "More than 40,000 fans are expected.",
        ],
        0,
        [
            "Organisers cancelled the final day of the Riverside festival because of severe "
            "storms, so Jonah Reyes will not play.",
            "Refunds will be issued within 30 days.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-h5",
        [
            "Teachers in Ontario will go on strike on Monday if no deal is reached, their union "
            "said.",
            "Talks with the province broke down last week.",
        ],
        0,
        [
            "The Ontario teachers' union called off Monday's strike after reaching a tentative "
            "agreement with the province late on Sunday.",
            "Schools will open as normal.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-h6",
        [
            "Britain's foreign secretary Helen Marsh is expected to visit Kiev on Tuesday.",
            "It would be her second trip to Ukraine this year.",
        ],
        0,
        [
            "Helen Marsh scrapped her trip to Kiev at the last minute because of security "
            "concerns, officials said.",
            "She spoke to the Ukrainian president by phone instead.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-h7",
        [
            "Sergio Lanza, the man charged with killing two hikers, is due to enter a plea on "
            "Friday at Marin County Superior Court.",
            "The hikers were found dead on a trail in March.",
        ],
        0,
        [
            "Sergio Lanza pleaded not guilty on Friday to two counts of murder.",
            "His next court date is May 2.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-h8",
        [
            "The Ravens will play the Steelers in Baltimore on Sunday night with the division "
            "title at stake.",
            "Both teams have won ten games.",
        ],
        0,
        [
            "Lamar Jackson threw three touchdown passes as the Ravens beat the Steelers 28-14 on "
            "Sunday night to clinch the division.",
            "Pittsburgh lost two fumbles.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-h9",
        [
            "Shareholders of Delmar Energy will vote on the merger with Coastline Power on "
            "Thursday.",
            "The boards of both companies back the deal.",
        ],
        0,
        [
            "Delmar Energy shareholders approved the merger with Coastline Power at a special "
            "meeting on Thursday.",
            "The combined company will be based in Houston.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-h10",
        [
            "Police said they will question the driver of the lorry on Wednesday.",
            "The lorry driver, Mark Sayer, was injured in the crash.",
        ],
        0,  # written 1 at first (the wrong sentence): mended after the blind run
        [
            "Mark Sayer, the lorry driver, is expected to be interviewed by detectives once he "
            "leaves hospital.",
            "Three people died in the crash.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-h11",
        [
            "The Federal Reserve is expected to cut interest rates at its meeting next week.",
            "Markets have priced in a quarter-point cut.",
        ],
        0,
        [
            "Economists polled by Reuters overwhelmingly predict that the Fed will lower rates "
            "next week.",
            "Stocks rose on Friday.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-h12",
        [
            "The new stadium in Fresno will open in August, the city said.",
            "It will seat 22,000 people.",
        ],
        0,
        [
            "Fresno's new stadium, set to open in August, will host its first concert in "
            "September.",
            "The city paid $180 million for it.",
        ],
        0,
        "repeats",
    ),
)

#: A third set, written after the round's rules were settled and run once, blind, for the
#: round's final figure (docs/ledger-guideline.md, "Round 8").
LAST: tuple[Pair, ...] = (
    _pair(
        "i8-l1",
        [
            "Wrestling coach Dale Burke, 52, is due to be sentenced on Monday for assaulting a "
            "student at Lakeview High School.",
            "Burke was found guilty in March.",
        ],
        0,
        [
            "The sentencing of former Lakeview coach Dale Burke has been put back to June 2 "
            "after his lawyer fell ill.",
            "Burke remains on bail.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-l2",
        [
            "The French president Claire Morel will travel to Algiers next Tuesday for talks on "
            "gas supplies.",
            "It will be her first visit to Algeria.",
        ],
        0,
        [
            "Claire Morel's trip to Algiers is now planned for the end of the month, the "
            "Elysee said, without giving a reason.",
            "Gas prices rose on the news.",
        ],
        0,
        "shifts",
    ),
    _pair(
        "i8-l3",
        [
            "Rock band The Hollow Pines will play two concerts at Dublin's 3Arena on Friday and "
            "Saturday.",
            "Both shows are sold out.",
        ],
        0,
        [
            "The Hollow Pines have cancelled both of their Dublin shows after the singer broke "
            "his wrist.",
            "Tickets will be refunded.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-l4",
        [
            "Drugmaker Velora plans to buy the biotech firm Quint Labs for $2.1 billion, the "
            "companies said on Monday.",
            "The deal needs approval from regulators.",
        ],
        0,
        [
            "Velora has walked away from its $2.1 billion takeover of Quint Labs after a dispute "
            "over the price.",
            "Quint shares fell 30 percent.",
        ],
        0,
        "cancels",
    ),
    _pair(
        "i8-l5",
        [
            "Transport Minister Owen Grady is expected to announce the route of the new "
            "high-speed railway on Wednesday.",
            "Towns along the line have campaigned for months.",
        ],
        0,
        [
            "Owen Grady unveiled the route of the high-speed railway on Wednesday, confirming "
            "that it will pass through Mellbrook.",
            "Campaigners in Mellbrook said they would fight the plan.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-l6",
        [
            "Nurses at St Mary's Hospital will walk out on Thursday in a dispute over pay, their "
            "union said.",
            "The hospital said emergency care would not be affected.",
        ],
        0,
        [
            "Hundreds of nurses at St Mary's Hospital went on strike on Thursday, forming picket "
            "lines outside the main entrance.",
            "Talks are due to resume next week.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-l7",
        [
            "Carla Mendes, accused of stealing $300,000 from a charity, will appear in court in "
            "Porto on Tuesday.",
            "The charity helps homeless families.",
        ],
        0,
        [
            "Carla Mendes told a court in Porto on Tuesday that she had taken the money to pay "
            "medical bills.",
            "The trial continues on Friday.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-l8",
        [
            "The city council will vote on Monday on a plan to ban cars from the old town.",
            "Shop owners oppose the plan.",
        ],
        0,
        [
            "Shop owners will protest outside the town hall on Monday, when councillors are due "
            "to vote on the car ban.",
            "They fear losing customers.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-l9",
        [
            "Astronaut Lena Fischer will return to Earth aboard a Soyuz capsule on December 3.",
            "She has spent six months on the space station.",
        ],
        0,
        [
            "Fischer, who is scheduled to land in Kazakhstan on December 3, posted a final photo "
            "from the station.",
            "It shows the Alps at night.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-l10",
        [
            "Voters in Chile will choose a new president in a run-off on December 19.",
            "The two candidates disagree on pensions.",
        ],
        0,
        [
            "Both candidates held their final rallies in Santiago ahead of the December 19 "
            "run-off.",
            "Polls show a tight race.",
        ],
        0,
        "repeats",
    ),
    _pair(
        "i8-l11",
        [
            "Tesla is expected to open its first showroom in India in Mumbai next month.",
            "The company has leased a site in a shopping centre.",
        ],
        0,
        [
            "Tesla opened its first Indian showroom in Mumbai on Tuesday, with the Model Y "
            "priced at 6 million rupees.",
            "Hundreds queued outside.",
        ],
        0,
        "confirms",
    ),
    _pair(
        "i8-l12",
        [
            "Prime Minister Tom Ashby will face a vote of confidence in parliament on Wednesday.",
            "Several members of his party have said they will vote against him.",
        ],
        0,
        [
            "The confidence vote on Tom Ashby has been delayed until next week after the "
            "speaker fell ill.",
            "Ashby's allies said they were confident of winning.",
        ],
        0,
        "shifts",
    ),
)
