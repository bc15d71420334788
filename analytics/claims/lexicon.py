"""Words of the claim checker: series as journalists name them, verbs, qualifiers, records.

Data only (compiled patterns and tables); :mod:`analytics.claims.interpret` uses them. Every
pattern is matched case-insensitively on one clause of the text. Keys are the loader keys of the
facts (:mod:`analytics.facts`).
"""

from __future__ import annotations

import re

_F = re.IGNORECASE

#: The end of a spread named by what it is ("the extra yield investors demand ... over Treasuries").
_OVER_TREASURIES = r"\bover\s+(?:(?:u\.?s\.?|safe|safer)\s+)?(?:treasur|government)\w*"
#: Series names as written, most specific first; each pattern maps to a loader key. "small caps"
#: and "large caps" are the product's pair (Russell 2000, S&P 500).
SERIES_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((key, re.compile(p, _F)) for key, p in (
    # ("the 10-year", "10-years", "the 10 year yield"; not "over the past 10 years")
    ("DGS10", r"\b(?:10|ten)(?:-years?| year(?!s))(?: (?:u\.?s\.? )?treasury)?(?: notes?)?(?: yields?)?\b"
              r"|\bbenchmark (?:treasury|bond) yield\b|\btreasury yields?\b"),
    ("DGS2", r"\b(?:2|two)(?:-years?| year(?!s))(?: (?:u\.?s\.? )?treasury)?(?: notes?)?(?: yields?)?\b"),
    # the 10-year minus the 2-year yield (computed from the two; FRED's T10Y2Y)
    ("T10Y2Y", r"\b(?:treasury |u\.?s\.? )?yield curve\b|\b2s ?/? ?10s\b|\b10s ?/? ?2s\b"
               # "steepening the curve to 68 basis points", "the curve flattened": the yield curve
               r"|(?:(?<=steepening )|(?<=flattening )|(?<=inverting )|(?<=steepened )|(?<=flattened )|(?<=inverted ))"
               r"the curve\b|\bthe curve(?=\s+(?:has\s+)?(?:steepen|flatten|invert|un-?invert)\w*)"
               r"|\b(?:2|two)-?(?:year)?[ /-](?:10|ten)-year (?:treasury )?(?:yield )?(?:spread|curve|gap)\b"
               r"|\b(?:10|ten)-?(?:year)?[ /-](?:minus[ -])?(?:2|two)-year (?:treasury )?(?:yield )?(?:spread|curve|gap)\b"
               r"|\b(?:spread|gap) between (?:the )?(?:2|two|10|ten)(?:[- ]year|-)? and (?:the )?(?:2|two|10|ten)[- ]year"
               r"(?: treasury)?(?: note)?(?: yields?)?\b"),
    # (also as FRED names them: "the ICE BofA US High Yield Index Option-Adjusted Spread")
    ("BAMLH0A0HYM2", r"\b(?:high[- ]yield|junk)(?:[ /-](?:or |and )?(?:junk|high[- ]yield))?"
                     r"(?:[ -]bond| credit| corporate)?(?: index(?:['’]s)?)?(?: option[- ]adjusted)?(?: spreads?| oas)\b"
                     r"|\bhy (?:spreads?|oas)\b"
                     r"|\b(?:yield )?spreads? (?:on|of) (?:u\.?s\.? )?(?:high[- ]yield|junk)(?: corporate)?(?: bonds?| debt)?\b"
                     # "the extra yield investors demand to hold junk bonds over Treasuries"
                     r"|\b(?:(?:extra|additional) yield|(?:risk )?premium)\b[^.;]{0,50}?\b(?:junk|high[- ]yield)\b"
                     r"[^.;]{0,30}?" + _OVER_TREASURIES),
    ("BAMLC0A0CM", r"\binvestment[- ]grade(?:[ -]bond| credit| corporate)?(?: index(?:['’]s)?)?(?: option[- ]adjusted)?"
                   r"(?: spreads?| oas)\b|\big (?:spreads?|oas)\b"
                   r"|\bice bofa (?:us )?corporate index(?:['’]s)? option[- ]adjusted spread\b"
                   r"|\b(?:yield )?spreads? (?:on|of) (?:u\.?s\.? )?investment[- ]grade(?: corporate)?(?: bonds?| debt)?\b"
                   r"|\b(?:extra|additional) yield\b[^.;]{0,50}?\b(?:investment[- ]grade|high[- ]grade|blue[- ]chip)\b"
                   r"[^.;]{0,40}?" + _OVER_TREASURIES),
    ("RUT", r"\b(?:the )?(?:small[- ]cap )?russell 2,?000(?: index)?\b|\bsmall[- ]caps?(?: stocks| index| shares)?\b"
            r"|\bsmaller (?:companies|stocks)\b|\bsmall[- ]company stocks\b|\bsmall companies\b"),
    ("GSPC", r"\b(?:the )?(?:benchmark |broad )?s&p 500(?: index)?\b|\bs&p\b(?!\s*(?:600|400|midcap|smallcap|small[- ]cap|mid[- ]cap))"
             r"|\blarge[- ]caps?(?: stocks| index| shares)?\b|\blarger (?:companies|stocks)\b"
             r"|\bbig[- ]caps?\b"),
    ("IXIC", r"\b(?:the )?(?:tech[- ]heavy )?nasdaq(?: composite)?(?: index)?\b"),
    # the funds, as the data has them: closes adjusted for dividends
    ("IWM", r"\b(?:the )?ishares russell 2,?000(?: etf| index fund| fund)?(?:\s*\((?:nysearca:\s*)?iwm\))?"
            r"|(?-i:\bIWM\b)"),
    ("SPY", r"\b(?:the )?spdr s&p 500(?: etf)?(?: trust)?(?:\s*\((?:nysearca:\s*)?spy\))?|(?-i:\bSPY\b)"),
    ("IJR", r"\b(?:the )?ishares core s&p small[- ]?cap(?: 600)?(?: etf)?(?:\s*\((?:nysearca:\s*)?ijr\))?|(?-i:\bIJR\b)"),
    ("IWB", r"\b(?:the )?ishares russell 1,?000(?: etf)?(?:\s*\((?:nysearca:\s*)?iwb\))?|(?-i:\bIWB\b)"),
))

#: Markets the product has no data for, with their names for the reason.
UNKNOWN_SERIES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, _F), name) for p, name in (
    (r"\bdow jones(?: industrial average)?\b|\bthe (?:blue[- ]chip |30-stock )?dow\b|\bdow industrials\b|\bdjia\b",
     "the Dow Jones Industrial Average"),
    (r"\bs&p (?:smallcap )?600\b", "the S&P SmallCap 600 index (the page has the IJR ETF)"),
    (r"\bs&p midcap 400\b|\bs&p 400\b|\bmid[- ]caps?\b|\brussell mid[- ]?cap\b", "mid caps"),
    (r"\brussell 1,?000\b", "the Russell 1000 index (the page has the IWB ETF)"),
    (r"\brussell 3,?000\b", "the Russell 3000 index"),
    (r"\brussell 2,?000 (?:value|growth)\b|\bsmall[- ]cap (?:value|growth)\b", "small-cap value and growth indexes"),
    (r"\bequal[- ]weight(?:ed)? s&p(?: 500)?\b", "the equal-weighted S&P 500"),
    (r"\bkbw\b|\bbank (?:stocks|shares|index)\b|\bregional banks?\b|\bsector\b|\bmagnificent seven\b|"
     r"\bmegacaps?\b|\bmega-caps?\b", "sectors and groups of stocks (the data has the indexes only)"),
    (r"\bnikkei\b", "the Nikkei 225"), (r"\bftse\b", "the FTSE indexes"),
    (r"\bstoxx\b|\bdax\b|\bcac 40\b", "European stock indexes"),
    (r"\bbitcoin\b|\bcrypto", "crypto assets"), (r"\bgold\b", "gold"),
    (r"\bccc(?:-rated)?\b|\btriple-c\b|\bdistressed (?:debt|bonds)\b", "CCC-rated and distressed bonds (the data has "
     "the high-yield and investment-grade spreads)"),
    (r"\bleveraged loans?\b|\bprivate credit\b|\bloan prices?\b", "leveraged loans and private credit"),
    (r"\b(?:crude|oil prices?|brent|wti)\b", "oil"), (r"\bdollar\b(?<!cents on the dollar)", "the dollar"),
    (r"\bvix\b|\bvolatility index\b", "the VIX (not among the facts' series)"),
    (r"\b(?:30|thirty)[- ]year\b", "the 30-year Treasury yield"),
    (r"\b(?:5|five|7|seven|20|twenty)[- ]year (?:u\.?s\.? )?(?:treasury|note|yield|bond)", "Treasury yields other than the "
     "2-year and the 10-year"),
    (r"\bmortgage rates?\b", "mortgage rates"),
))

#: Figures that need data the product does not have.
#: A return stated as a yearly rate: "7% a year", "an annualized 7%", "an average annual return of 7%".
ANNUAL_RE = re.compile(r"(?:%|percent|per cent)\s+(?:a|per|each|every)\s+year\b(?!\s+(?:ago|earlier|before|later|prior))|\bannuali[sz]ed\b|\bper annum\b"
                       r"|\b(?:average|compound(?:ed)?)\s+annual\b|\bannual(?:ly)?\s+(?:average|rate|pace)\b"
                       r"|\ba year on average\b", _F)
#: A valuation multiple stated as a figure: "trades at 25 times forward earnings", "14x earnings".
MULTIPLE_RE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:times|x)\s+(?:(?:its|their|the)\s+)?(?:(?:forward|trailing|"
                         r"expected|estimated|projected|next[- ]year'?s?|(?:12|twelve)-month|blended)\s+)*"
                         r"(?:earnings|profits|sales|revenues?|book(?: value)?|ebitda|cash flows?)\b", _F)
NEEDS_OTHER_DATA: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, _F), why) for p, why in (
    (r"\bforward (?:p/?e|price[- /]to[- /]earnings|earnings multiple)", "forward P/E needs analyst estimates"),
    (r"\bp/?e ratio|\bprice[- /]to[- /]earnings|\bvaluations?\b|\bearnings multiple|\b(?:discount|premium) (?:to|over)\b",
     "valuations need company earnings, which the facts do not use"),
    # (not an economic report named as a cause: "after strong retail sales data", nor trading:
    # "profit-taking", "traders took profits")
    (r"\bearnings (?:growth|estimates?|per share|of|for|at|fell|rose)|\beps\b|(?<!took )(?<!take )(?<!taking )(?<!takes )(?<!book )(?<!booked )(?<!lock in )(?<!locked in )\bprofits?\b(?![- ]taking)|\brevenues?\b"
     r"|(?<!retail )(?<!home )(?<!auto )(?<!vehicle )\bsales\b(?!\s+(?:data|report|numbers|figures)\b)",
     "earnings figures need company statements"),
    (r"(?:%|percent) of (?:the )?(?:[\w&-]+ ){0,3}(?:companies|firms|members|stocks|constituents|names)\b"
     r"|\bunprofitable\b|\bzombie\b",
     "shares of companies need the universe's statements (see the leverage panel)"),
    (r"(?:%|percent|per cent)\s+of\s+(?:[\w&.'-]+\s+){0,4}?(?:debt|loans?|borrowings?|liabilities|bonds)\b",
     "shares of companies' debt (floating-rate, maturing) are not in the data"),
    (r"(?:%|percent|per cent)\s+of\s+(?:[\w&.'-]+\s+){0,4}?(?:market (?:value|cap(?:italization)?)|weight(?:ing)?)\b",
     "shares of the market's value are not in the data"),
    (r"\binflows?\b|\boutflows?\b|\bfund flows?\b", "fund flows are not in the data"),
    (r"\bvolume\b|\bshares traded\b", "trading volume is not in the data"),
))

#: Companies by leverage ("the most-leveraged quartile fell hardest in the selloff", "the most
#: indebted small companies led the rebound"): the leverage panel ranks a universe, not the checker.
LEVERAGE_CLAIM_RE = re.compile(
    r"\b(?:most|least|highly|heavily)[- ](?:leveraged|levered|indebted)\b|\bleverage quartiles?\b"
    r"|\bdebt-(?:laden|heavy|burdened)\b"
    r"|\b(?:companies|firms|stocks|names|members|small caps|small-caps)(?:\s+[\w&.'-]+){0,4}? with (?:the )?"
    r"(?:most|least|heaviest|highest|lightest|lowest|biggest|largest) (?:debt|leverage)(?: loads?| burdens?)?\b", _F)
#: The other end's own figure after a comparison ("compared with a 5% gain for the least leveraged").
LEVERAGE_OTHER_RE = re.compile(
    r"\b(?:compared (?:with|to)|versus|vs\.?|against|while)\s+(?:an?\s+)?(?:(?:about|nearly|roughly)\s+)?"
    r"(?P<figure>[+-]?\d[\d.]*\s*(?:%|percent))\s*(?P<way>gain|rise|advance|increase|loss|decline|drop|fall)?"
    r"\s+(?:for|in)\s+(?P<who>(?:the\s+)?(?:least|most|lowest|highest)[\w -]{0,30}?"
    r"(?:leveraged|levered|indebted|debt))\b", _F)
#: The words of a leverage claim about the least leveraged end ("with the lowest debt").
LEAST_LEVERAGED_RE = re.compile(r"\b(?:least|lightest|lowest)\b", _F)
#: A leverage group doing worse than the others ("fell hardest", "were hit hardest", "lagged"):
#: group ``cmp`` a comparison with the other end, else a superlative among the quartiles.
LEVERAGE_WORSE_RE = re.compile(
    r"\b(?:fell|fallen|dropped|declined|slid|sank|sunk|tumbled|plunged|slumped|lost|suffered|sold off)\s+(?:the\s+)?"
    r"(?:hardest|most|furthest|worst)\b|\bhit\s+(?:the\s+)?hardest\b|\b(?:fared|did|done|performed)\s+(?:the\s+)?worst\b"
    r"|\bled\s+(?:the\s+)?(?:declines?|losses|selloff|sell-off|slide|drop|retreat|rout|decline)\b"
    r"|(?P<cmp>\b(?:underperformed|lagged|trailed)\b)", _F)
#: A leverage group doing better ("led the rebound", "rebounded the most", "fell the least", "outperformed").
LEVERAGE_BETTER_RE = re.compile(
    r"\b(?:rose|risen|rallied|gained|jumped|surged|climbed|rebounded|bounced(?:\s+back)?|recovered|advanced)\s+"
    r"(?:the\s+)?(?:hardest|most|furthest|best|strongest)\b|\b(?:fared|did|done|performed|held up)\s+(?:the\s+)?best\b"
    r"|\b(?:fell|fallen|dropped|declined|slid|lost)\s+(?:the\s+)?least\b"
    r"|\bled\s+(?:the\s+)?(?:(?:subsequent|ensuing|recent|latest)\s+)?"
    r"(?:rebound|recovery|rally|bounce|gains?|advance|upturn)\b"
    r"|(?P<cmp>\b(?:outperformed|outpaced|beat)\b)", _F)
#: A selloff or a rebound named as a span ("in the April selloff", "led the rebound").
EPISODE_RE = re.compile(
    r"\b(?:(?P<sell>sell-?offs?|sell offs?|routs?|slumps?|downturns?|declines?|drawdowns?|crash|slides?|corrections?)"
    r"|(?P<bear>bear markets?)"
    r"|(?P<rebound>rebounds?|recover(?:y|ies)|rall(?:y|ies)|bounces?|upturns?))\b", _F)
#: The rebound from a named low ("since the April 8 low", "from their March 2020 lows").
SINCE_LOW_RE = re.compile(r"\b(?:since|from)\s+(?:the|its|their)\s+(?P<when>[A-Z][a-z]*\.?(?:\s+\d{1,2})?"
                          r"(?:,?\s+(?:19|20)\d\d)?)\s+lows?\b")
#: The month (or year) an episode is named by: before it ("the April selloff", "April's rout", "the
#: March 2020 crash", "the 2022 bear market") or after it ("the selloff in April", "the rebound from
#: the April lows").
_MONTH_OR_YEAR = (r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+(?:19|20)\d\d)?"
                  r"|(?:19|20)\d\d)")
EPISODE_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH_OR_YEAR}(?:'s)?(?:\s+[\w-]+){{0,2}}\s*$", _F)
EPISODE_MONTH_AFTER_RE = re.compile(rf"\s+(?:in|of|from|since)\s+(?:the\s+|its\s+|their\s+)?{_MONTH_OR_YEAR}\b", _F)
#: Words that refer back to the series of the previous clause.
ANAPHORA = re.compile(r"^\W*(?:and |but |while |meanwhile,? )?"
                      # a leading time phrase: "Last quarter it fell", "On Friday, it rose"
                      r"(?:(?:on|in|last|this|over|during|for|so far|since)\b(?:\s+[\w.'-]+){1,4}?,?\s+)?"
                      r"(?:it|its|the index|the gauge|the benchmark|"
                      r"the measure|the yield|the spread|spreads|the market|stocks)\b", _F)
#: The anaphoras that name a stock index ("The index is down 16% so far this year" after a
#: sentence about junk spreads is the Russell 2000 named before them, not the spread).
EQUITY_ANAPHORA = re.compile(r"^\W*(?:and |but |while |meanwhile,? )?"
                             r"(?:(?:on|in|last|this|over|during|for|so far|since)\b(?:\s+[\w.'-]+){1,4}?,?\s+)?"
                             r"(?:the index|the gauge|the benchmark|the market|stocks)\b", _F)
#: "The index" without a name before it: read as the product's small-cap index.
#: ("the benchmark 10-year note", "the benchmark Treasury yield", "the benchmark S&P 500" are no bare index)
BARE_INDEX = re.compile(r"\b(?:the|that) (?:index|gauge|benchmark)\b(?!\s+(?:(?:u\.?s\.?\s+)?(?:\d+|two|ten)[- ]year|"
                        r"treasury|bond|note|yield|rate|s&p|russell|nasdaq))", _F)

RISE = (r"rose|risen|rise[sn]?|rising|gain(?:ed|s|ing)?|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|"
        r"rall(?:ied|ies|y|ying)|surg(?:ed|es|e|ing)|advanc(?:ed|es|e|ing)|soar(?:ed|s|ing)?|"
        r"add(?:ed|s|ing)?|increas(?:ed|es|e|ing)|up|higher|widen(?:ed|s|ing)?|spik(?:ed|es|e|ing)|"
        r"popped|rebound(?:ed|s)?|returned|jumps|is up|was up|are up|were up|pushed up")
FALL = (r"fell|fallen|fall(?:s|ing)?|dropp?(?:ed|s|ing)?|declin(?:ed|es|e|ing)|lost|los(?:es|e|ing)|"
        r"slid(?:e|es|ing)?|slump(?:ed|s|ing)?|tumbl(?:ed|es|e|ing)|sank|sunk|sink(?:s|ing)?|"
        r"plung(?:ed|es|e|ing)|plummet(?:ed|s|ing)?|shed(?:s|ding)?|retreat(?:ed|s|ing)?|"
        r"down|lower|tighten(?:ed|s|ing)?|narrow(?:ed|s|ing)?|eased?|eas(?:ed|es|ing)|"
        r"decreas(?:ed|es|e|ing)|skidded|dipped|dip(?:s|ping)?|crashed|crater(?:ed|s)?|"
        r"slipp?(?:ed|s|ing)?|gave back|give back|gives back|sagg?(?:ed|s|ing)?|weaken(?:ed|s|ing)?|"
        r"gave up|give up|is down|was down|are down|were down")
RISE_RE = re.compile(rf"\b(?:{RISE})\b", _F)
FALL_RE = re.compile(rf"\b(?:{FALL})\b", _F)

#: Small caps relative to large caps: verbs of the pair, with the sign of small minus large.
BEAT_RE = re.compile(r"\b(?:beat(?:en|s|ing)?|outperform(?:ed|s|ing)?|outpac(?:ed|es|e|ing)|"
                     r"outstripp?(?:ed|s|ing)?|topp?(?:ed|s)|(?:are |is |were |was )?ahead of|"
                     r"outdid|outdone|led|lead(?:s|ing)?)\b", _F)
LAG_RE = re.compile(r"\b(?:lagg?(?:ed|s|ing)?(?: behind)?|trail(?:ed|s|ing)?|underperform(?:ed|s|ing)?|"
                    r"(?:are |is |were |was |fell |fallen )?behind|trails)\b", _F)

#: A figure: number and unit. Groups: number, unit.
NUMBER_RE = re.compile(
    r"(?<![\w.])([+-−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?|[+-−]?\d+(?:\.\d+)?)\s?"
    r"(%|percent(?:age points?)?\b|per cent\b|pct\b|pc\b|pp\b|points?\b|basis[- ]points?\b|bps?\b)",
    _F)
#: Qualifiers written just before a figure, by the name the record uses.
QUALIFIERS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(rf"(?:{p})\s*$", _F)) for name, p in (
    ("about", r"\b(?:about|around|roughly|approximately|some|an estimated|close to|near|nearly|almost|"
              r"just (?:over|under|shy of|below|above)|a little (?:over|under|more than|less than))"),
    ("more than", r"\b(?:more than|over|above|upwards of|in excess of|greater than|topped|tops|topping|to top|"
                  r"crossed|crosses|crossing|exceeded|exceeds|exceeding|surpassed|surpasses|surpassing|broke through|(?:rose|surged|climbed|jumped|pushed|moved|soared|"
                  r"shot|edged|crept|inched|went|climbing|rising|surging|pushing|moving) past|breached|breaching)"),
    ("at least", r"\b(?:at least|no less than|a minimum of)"),
    ("less than", r"\b(?:less than|under|below|fewer than|no more than|at most|up to)"),
))
#: An index's return over a period by its sign alone: "is positive for the year", "turned negative
#: for the year on Friday", "is back in positive territory this year" (no figure).
SIGN_RE = re.compile(r"\b(?P<turned>turned|turns|turning|has turned|swung|swings|flipped|moved)?\s*(?:back\s+)?"
                     r"(?:(?:in|into)\s+)?(?P<sign>positive|negative)(?:\s+territory)?\b", _F)
#: Things other than the index's return that turn positive or negative.
SIGN_OTHER_RE = re.compile(r"\b(?:correlat\w*|relationship|sentiment|earnings|breadth|momentum|outlook|view|revisions?|"
                           r"flows?|inflows?|outflows?|news|data|reaction)\b", _F)

#: A yield's or spread's move as a multiple of its level: "have more than doubled since early
#: 2022", "nearly tripled", "halved" (the factor; halved: the start's level twice the end's).
LEVEL_FACTOR_RE = re.compile(r"\b(?P<q>(?:more than|nearly|almost|about|roughly|over)\s+)?"
                             r"(?P<word>doubled|tripled|quadrupled|halved)\b", _F)
LEVEL_FACTORS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 2.0}

#: Refined names for some qualifiers (the record keeps the word class as written).
NEARLY_RE = re.compile(r"\b(?:nearly|almost|close to|just (?:under|shy of|below))\s*$", _F)

#: Drawdown wording: "21% below its January peak", "off its high", "from its record", "has dropped
#: 18% since its Nov. 25 record close", "since peaking in November" (the peak's when after it).
DRAWDOWN_RE = re.compile(
    r"\b(?:below|under|off|from|beneath|short of|since(?:\s+(?:hitting|setting|reaching|touching|marking))?)\s+"
    r"(?:its|their|the|a)\s+(?P<when>[\w ,.'-]{0,30}?)\s*"
    r"(?:all[- ]time |record |closing |recent |previous |prior )?(?P<what>peak|high|record(?: high| close)?|top)s?\b"
    r"|\bsince\s+(?:it\s+|they\s+)?(?:peaked|peaking|topped out|topping out)\b",
    _F)
#: "within 1% of its record close": a drawdown of at most that much.
WITHIN_RE = re.compile(
    r"\bwithin\s+(?:about\s+|roughly\s+|around\s+)?[\d.]+\s*(?:%|percent|per cent)\s+of\s+(?:its|their|the|a)\s+"
    r"(?P<when>[\w ,.'-]{0,30}?)\s*(?:all[- ]time |record |closing |recent |previous |prior )?"
    r"(?P<what>peak|high|record(?: high| close)?|top)s?\b", _F)
#: "has not closed at a record in three years", "hasn't hit a record high since November 2021".
NO_RECORD_RE = re.compile(
    r"\b(?:has not|hasn't|have not|haven't|has yet to|have yet to|did not|didn't)\s+(?:\w+\s+){0,3}?"
    r"(?:a\s+|an\s+|its\s+|their\s+)?(?:new\s+|fresh\s+)?(?:record|all[- ]time high)(?:\s+(?:high|close))?s?"
    r"\s+(?:in|for|since)\s+(?P<since>(?:(?:nearly|almost|more than|over|about) )?[\w .,'-]+?)(?=[,;:.!?)]|$)", _F)
#: A win denied since a date: "small caps have not outperformed large caps in a calendar year since
#: 2020", "hasn't beaten the S&P 500 in a quarter since 2023". Groups: ``verb``, ``unit``, ``since``.
NOT_SINCE_RE = re.compile(
    r"\b(?:has not|hasn't|have not|haven't|did not|didn't|has failed to|have failed to)\s+(?:managed to\s+)?"
    r"(?P<verb>outperform(?:ed)?|beat(?:en)?|top(?:ped)?|outpace[d]?|underperform(?:ed)?|lag(?:ged)?|trail(?:ed)?)\b"
    r"[^.;]{0,40}?\bin\s+(?:a|any|one)\s+(?:single\s+)?(?:calendar\s+|full\s+)?(?P<unit>year|quarter|month)\s+since\s+"
    r"(?P<since>(?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d\d)\b", _F)
#: "Beating the S&P 500 for the first quarter since the fourth quarter of 2023", "its first monthly
#: outperformance since January", "for the first time since 2020" (the unit then the clause's
#: period's): the period won now, the one before it won in that span.
FIRST_PERIOD_SINCE_RE = re.compile(
    r"\b(?:for\s+(?:the|a)\s+first\s+(?P<unit>week|month|quarter|year|time)"
    r"|(?:its|their|the)\s+first\s+(?P<adj>weekly|monthly|quarterly|annual|yearly)\s+(?P<way>outperformance|"
    r"underperformance|win|lead|gain|advantage|advance|rise|increase|loss|decline|drop|fall))\s+(?:since|in)\s+"
    r"(?P<since>(?:the\s+(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+)?(?:[A-Z][a-z]+\.?\s+)?"
    r"(?:(?:19|20)\d\d)?)(?=[\s,;:.!?)]|$)", _F)
#: "for a fifth straight session", "two straight years", "its seventh consecutive weekly gain":
#: a streak. Groups: ``n`` (ordinal or count), ``adj`` (weekly...), ``unit``.
STREAK_RE = re.compile(
    r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth)(?P<suffix>st|nd|rd|th)?\s+(?:straight|consecutive|successive)\s+"
    r"(?:(?P<adj>daily|weekly|monthly|quarterly|annual|yearly)\s+)?"
    r"(?P<unit>sessions?|trading days?|days?|weeks?|months?|quarters?|years?|gains?|loss(?:es)?|declines?|advances?|"
    r"drops?|rises?)\b"
    r"|\b(?P<b2b>back-to-back)\s+(?:(?P<adj2>daily|weekly|monthly|quarterly|annual|yearly)\s+)?"
    r"(?P<unit2>sessions|days|weeks|months|quarters|years|gains|losses|declines|advances|drops|rises)\b"
    # "has fallen in each of the past three sessions": at least that many in a row
    r"|\b(?:in\s+)?(?:each|every one) of the (?:past|last|previous) (?P<n3>\d+|two|three|four|five|six|seven|eight|"
    r"nine|ten)\s+(?P<unit3>sessions|trading days|days|weeks|months|quarters|years)\b"
    # "extending its winning streak to five sessions": exactly that many, the way the streak names
    r"|\b(?P<way>winning|losing)\s+streak\s+(?:to|of|at)\s+(?P<n4>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:straight\s+)?(?P<unit4>sessions|trading days|days|weeks|months)\b"
    # "for the fourth year in a row", "a third session in a row": exactly that many
    r"|\b(?P<n5>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?P<unit5>session|trading day|day|week|month|quarter|year)\s+in\s+a\s+row\b", _F)
#: "its first gain in three sessions": the latest period went that way, the ones before it did not.
FIRST_IN_RE = re.compile(r"\b(?:its|their|the)\s+first\s+(?:(?P<adj>daily|weekly|monthly)\s+)?(?P<way>gain|advance|rise|"
                         r"increase|decline|drop|loss|fall)\s+in\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?P<unit>sessions|trading days|days|weeks|months)\b", _F)
#: "its 200-day moving average", "the 50-day MA", "the 200-DMA": a moving average of the closes.
MOVING_AVERAGE_RE = re.compile(
    r"\b(?P<n>\d{1,3})[- ]?(?:day|session)[- ](?:simple[- ])?(?:moving[- ]average|ma)\b|\b(?P<n2>\d{2,3})[- ]?dma\b", _F)
#: The side of a moving average a clause puts the close on ("above", "broke below", "under").
MA_SIDE_RE = re.compile(r"\b(?P<side>above|below|under|over|beneath|back above|back below)\s+(?:its|their|the|a)\s+$", _F)
#: "in seven of the past ten years", "in 8 out of the last 10 months": how many of the latest
#: periods went a way. Groups: ``k``, ``m`` (counts), ``unit``.
TALLY_RE = re.compile(
    r"\bin\s+(?:just\s+|only\s+)?(?P<k>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:out\s+)?of\s+(?:the\s+)?(?:past|last|previous|prior)\s+(?P<m>\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty|thirty)\s+(?P<unit>years|quarters|months|weeks|sessions|trading days)\b", _F)
#: A count of record closes: "notched 57 record closes in 2024", "its 57th record close of the
#: year", "the third record high this year". Groups: n (digits or a word), th (an ordinal suffix).
RECORD_COUNT_RE = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?P<th>st|nd|rd|th)?\s+(?:new\s+)?"
    r"(?:all-time\s+)?record(?:[- ]high)?\s*(?P<what>closes|close|closing highs|closing high|highs|high)\b"
    r"(?!\s+(?:since|in\s+(?:more than\s+|nearly\s+|over\s+)?(?:a|\w+)\s+(?:years?|months?)))", _F)
#: A tally said as an ordinal: "its fifth monthly decline in six months", "the third weekly gain in
#: four weeks". Groups: k, adj, way, m, unit.
TALLY_ORDINAL_RE = re.compile(
    r"\b(?:its|their|the|a)\s+(?P<k>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
    r"\s+(?P<adj>daily|weekly|monthly|quarterly|annual|yearly)\s+(?P<way>declines?|loss(?:es)?|drops?|falls?|gains?|"
    r"advances?|rises?|increases?)\s+in\s+(?:the\s+)?(?:past\s+|last\s+)?(?P<m>\d{1,2}|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>sessions|days|weeks|months|quarters|years)\b", _F)
STREAK_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10, "back-to-back": 2}
#: A record among the same quarter or month of each year: "first-quarter", "Q1", "September".
SEASON_RE = re.compile(r"\b(?P<q>(?:first|second|third|fourth)[- ]quarter|q[1-4])\b|\b(?:january|february|march|april|"
                       r"may|june|july|august|september|october|november|december)\b(?!\s+(?:19|20)\d\d)", _F)
#: "its second-best day on record": the rank a record phrase states.
ORDINAL_RE = re.compile(r"\b(?P<n>second|third|fourth|fifth|2nd|3rd|4th|5th)[- ]$", _F)
ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
#: "24% above its April low", "rallied 24% from its April 8 low", "off its 52-week low", "gained 12%
#: since its October low": a rise from a low.
RALLY_RE = re.compile(
    r"\b(?:above|from|off|over|since(?:\s+(?:hitting|touching|setting|reaching|marking|making))?)\s+(?P<det>its|their|the|a|that|this)\s+(?P<when>[\w ,.'-]{0,30}?)\s*"
    r"(?:recent |closing |previous |prior |bear[- ]market |52-week |year-to-date |all-time )?"
    r"(?P<what>lows?|trough|bottom)\b", _F)
BULL_RE = re.compile(r"\bbull(?:[- ]market)?(?: territory)?\b", _F)
#: "the 2-year yield ... 90 basis points above the 10-year": the gap between the two yields.
YIELD_GAP_RE = re.compile(r"\b(?P<dir>above|below|over|under|topped|tops|topping|exceeded|exceeds|surpassed|"
                          r"overtook)\s+(?:that of\s+)?(?:the\s+)?(?P<other>(?:2|two|10|ten)[- ]year)", _F)
#: The yield curve's inversion ("the curve inverted", "the deepest inversion since 1981").
INVERTED_RE = re.compile(r"\b(?:un-?|dis-?)?inver(?:ted|sion|sions|t|ting)\b", _F)
#: "no longer inverted", "un-inverted", "ended its inversion", "turned positive after two years of
#: inversion", "out of inversion": the curve back at or above zero.
NOT_INVERTED_RE = re.compile(r"\b(?:no longer|not|never)\s+(?:be\s+)?inverted\b|\b(?:un|dis)-?invert"
                             r"|\bend(?:ed|s|ing)?\s+(?:its|the|a)\s+(?:\w+\s+)?inversion\b"
                             r"|\b(?:turned|turns|turning|flipped|flips|went|moved|is|was|back)\s+(?:back\s+)?"
                             r"(?:(?:in|into|to)\s+)?positive\b|\bout of (?:an?\s+|its\s+|the\s+)?inversion\b", _F)
#: "after more than two years of inversion": how long the inversion before lasted (not checked).
INVERSION_LENGTH_RE = re.compile(r"\bafter\s+(?:more than\s+|nearly\s+|almost\s+|about\s+|over\s+)?"
                                 r"[\w-]+\s+(?:years?|months?)\s+(?:of|in)\s+(?:an?\s+)?inversion\b"
                                 # "has been inverted for 18 months", "the longest inversion on record" (a duration)
                                 r"|\binverted\s+for\s+(?:more than\s+|nearly\s+|almost\s+|about\s+|over\s+)?"
                                 r"[\w-]+\s+(?:years?|months?|weeks?|days?|sessions?)\b"
                                 r"|\bthe\s+longest\s+(?:(?:yield[- ]curve|curve)\s+)?inversion\b(?:\s+(?:on record|ever|"
                                 r"in history|since\s+[^,;.]+))?", _F)
BEAR_RE = re.compile(r"\bbear(?:[- ]market)?(?: territory)?\b", _F)
#: A bull market's end is a bear market's start: "ending the 11-year bull market".
BULL_END_RE = re.compile(r"\b(?:end(?:s|ed|ing)?|mark(?:s|ed|ing)? the end of|(?:brought|bringing|put|putting) an end to|"
                         r"snapp(?:ed|ing)|kill(?:ed|ing))\s+(?:(?:the|its|a|an)\s+)?(?:[\w-]+\s+){0,3}?"
                         r"bull(?:[- ]market|[- ]run)\b"
                         r"|\bbull(?:[- ]market|[- ]run)\s+(?:ended|ends|came to an end|is over|was over)\b", _F)
CORRECTION_RE = re.compile(r"\bcorrection(?: territory)?\b", _F)
#: Just before a bear market or correction, not in it: "just shy of a bear market", "on the verge of
#: a correction", "nearing bear-market territory".
NEAR_STATUS_RE = re.compile(r"\b(?:just\s+|still\s+)?(?:shy of|short of|near|nearing|close to|closing in on|on the verge of|"
                            r"on the cusp of|on the brink of|flirting with|approaching|edging (?:toward|towards|closer to)|"
                            r"nearly in|almost in|within striking distance of|within (?:a\s+)?(?:whisker|hair|hair's breadth|"
                            r"stone's throw|point|percentage point) of|(?:a|just a)\s+(?:whisker|hair|hair's breadth|"
                            r"stone's throw|step)\s+(?:from|away from|short of))\s+(?:a\s+)?(?:bear|correction)", _F)

#: Words just before a record phrase that put the level near the record, not at it ("near their
#: tightest levels since 2007", "close to a record high", "just shy of its all-time high").
#: "matching its record low", "equalling its all-time high": the record is a tie (words just before
#: the record's, its article dropped).
TIE_RECORD_RE = re.compile(r"\b(?:match(?:es|ed|ing)?|equal(?:s|l?ed|l?ing)|ti(?:es|ed|ing|ying))\s*$", _F)
NEAR_RECORD_RE = re.compile(r"\b(?:near|nearing|close to|just (?:shy of|below|above|off|under)|not far (?:from|off)|"
                            r"within (?:striking )?distance of|approaching|around)\s*$", _F)
#: Gains given back or losses recouped: "has given back all of its post-election gains", "erased
#: its gains since the election", "has recouped most of its losses for the year". Groups: ``verb``,
#: ``share`` (all, nearly all, most, ...; none written: all), ``which`` ("post-election"), ``what``.
GAVE_BACK_RE = re.compile(
    r"\b(?P<verb>given back|gave back|give back|gives back|giving back|surrendered|surrenders|erased|erases|erasing|"
    r"wiped out|wipes out|wiping out|pared|pares|paring|recouped|recoups|recouping|recovered|recovers|recovering|"
    r"regained|regains|regaining|made back|makes back|clawed back|claws back)\s+"
    r"(?P<share>(?:nearly |almost |virtually )?all(?: of)?|most(?: of)?|the bulk of|much of|more than half(?: of)?|"
    r"half(?: of)?|some(?: of)?|part of)?\s*(?:its|their|the)\s+(?:(?P<which>[\w-]+)\s+)?"
    r"(?P<what>gains?|rally|advance|rise|losses|loss|decline|drop|sell-?off|slide)\b", _F)
#: The least (and most) share of the gain (or loss) a word says was given back (recouped).
GAVE_BACK_SHARES = {"all": (0.95, None), "nearly all": (0.75, None), "almost all": (0.75, None),
                    "virtually all": (0.9, None), "most": (0.5, None), "the bulk of": (0.5, None),
                    "more than half": (0.5, None), "half": (0.4, 0.6), "much of": (0.3, None),
                    "some": (0.0, 0.95), "part of": (0.0, 0.95)}
#: Record wording. Groups: ``word`` (highest, best, most, ...), ``thing`` (level, month, gap),
#: then either ``since`` (a date phrase) or ``ever`` (on record).
#: A run of sessions taken to a figure: "extending its three-day loss to more than 10%" (the
#: clause stays whole: "bringing its two-day loss to ..." is the run of the move before it).
RUN_TO_RE = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:day|session)\s+(?P<way>loss|"
                       r"decline|drop|slide|slump|losing streak|gain|rally|advance|winning streak|run)\s+to\s+"
                       r"(?:(?:more than|about|nearly|almost|over|roughly)\s+)?(?P<figure>\d[\d.,]*\s*(?:%|percent))",
                       re.IGNORECASE)

#: "Rose 2% on Wednesday, extending its gain this week to more than 5%": the period's move the day's
#: brings it to. Groups: ``way``, ``when`` (the period), ``figure``.
PERIOD_RUN_TO_RE = re.compile(
    r"\b(?:extending|bringing|taking|pushing|lifting|deepening|widening|cutting|trimming|paring)\s+its\s+"
    r"(?P<way>gain|loss|decline|drop|slide|rally|advance|rise|fall)s?\s+(?P<when>(?:so far\s+)?(?:this|for the|on the|"
    r"in the)\s+(?:week|month|quarter|year)|(?:for|in)\s+(?:19|20)\d\d|year[- ]to[- ]date)\s+to\s+"
    r"(?:(?:more than|about|nearly|almost|over|roughly)\s+)?(?P<figure>\d[\d.,]*\s*(?:%|percent))", re.IGNORECASE)

#: "Closed at a record on Friday, capping a weekly gain of nearly 6%" ("..., for a monthly loss of
#: 3%", "..., posting a gain of 5.8% for the week"): the move of the period that ends with the
#: clause's day, a claim of its own. Groups: ``adj`` or ``when`` (the period), ``way``, ``figure``.
PERIOD_OF_RE = re.compile(
    r"\b(?:capping|for|posting|marking|notching|logging|booking|sealing|clinching|securing|ending with|"
    r"posted|notched|logged|booked|recorded|registered|suffered|saw|had|"
    r"(?:to|and)\s+(?:cap|post|notch|log|book|end with|seal))\s+(?:a|an|its|their)\s+"
    r"(?:(?P<adj>weekly|monthly|quarterly|annual|yearly)\s+)?(?:(?:total|overall|cumulative)\s+)?"
    r"(?P<way>gain|loss|decline|drop|slide|rally|advance|rise|fall|jump|increase|surge|slump|retreat)\s+of\s+"
    r"(?:(?:more than|about|nearly|almost|over|roughly|some|around|just over|just under)\s+)?"
    r"(?P<figure>\d[\d.,]*\s*(?:%|percent))"
    r"(?:\s+(?P<when>(?:for|on|over)\s+the\s+(?:week|month|quarter|year)))?", re.IGNORECASE)
#: The nouns of a fall among :data:`PERIOD_OF_RE`'s ``way`` and a comparison's ("the S&P 500's 9.3% drop").
DOWN_NOUNS = frozenset({"drop", "decline", "loss", "fall", "slide", "slump", "retreat"})
#: The period of a :data:`PERIOD_OF_RE` adjective, as :func:`analytics.claims.dates.find_period` reads it.
PERIOD_OF_WORDS = {"weekly": "for the week", "monthly": "for the month", "quarterly": "for the quarter",
                   "annual": "for the year", "yearly": "for the year"}


def period_of(text: str, start: int = 0) -> tuple[re.Match, str] | None:
    """The first :data:`PERIOD_OF_RE` phrase from ``start`` that names its period, with the period's
    words ("for the week"); ``None`` when there is none."""
    for m in PERIOD_OF_RE.finditer(text, start):
        if m.group("adj") or m.group("when"):
            return m, PERIOD_OF_WORDS[m.group("adj").lower()] if m.group("adj") else m.group("when")
    return None


#: "The widest margin for this point of the year since 2021": a year to date's record is against
#: the same point of each earlier year already; the words are read as if absent (else "of the
#: year" would read as "the best of the year", and "since 2021" as the period).
SAME_POINT_RE = re.compile(r"\b(?:for|at|by)\s+(?:this|the same|that)\s+(?:point|time|stage|juncture)\s+(?:of|in)\s+"
                           r"(?:the|a)\s+year\b|\bfor this time of (?:the )?year\b", _F)
RECORD_RE = re.compile(
    r"\b(?:its|their|the|a|an)?\s*(?:new\s+)?(?P<word>highest|lowest|best|worst|biggest|largest|widest|"
    r"narrowest|tightest|flattest|steepest|sharpest|fastest|strongest|weakest|deepest|most negative|most positive|most|least|"
    r"record|all[- ]time)\s*(?P<thing>(?:[\w-]+\s+){0,4}?(?:(?:relative to|versus|vs\.?|against) (?:[\w&-]+\s+){1,3}?)?)"
    r"(?:(?P<ever>on record|ever|in history|since records began|high(?=s?\b)|low(?=s?\b))s?\b"
    # "its best week of the year", "the worst day this month": none earlier in that year or month
    r"|(?P<within>of (?:the|this) (?:year|month)|of (?:19|20)\d\d|(?:so far )?this (?:year|month))\b"
    # ("the most in a five-day span since 2020": the span is the record's thing, 2020 its since)
    # ("by the most in a January since 2001": the month is the record's thing, 2001 its since)
    # ("the most in a month since 2011", "in any single week since 2008": the span is the record's thing)
    r"|(?:since|in(?!\s+an?\s+[\w-]+\s+(?:span|stretch|period|run|window)\b)"
    r"(?!\s+(?:a|an|any|one)\s+(?:single\s+)?(?:day|session|week|month|quarter|year)\s+since\b)(?!\s+an?\s+(?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\b))\s+(?P<since>(?:(?:nearly|almost|more than|over|about) )?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|[\w .,'-]+?))"
    r"(?=[,;:.!?)]|\s+(?:and|while|but|as|after|before|until|following|when|with|amid|despite|according|"
    r"on|at|in|to|for|from|thanks|due|this|so far|(?:month|year)[- ]to[- ]date)\b|$)"
    # "closed at a record on Thursday", "hit a record.", "rebounded to a record close on Friday": the noun
    # alone is a record high (group ``bare``)
    r"|(?P<bare>)(?:(?<=\brecord)|(?<=\brecord\s))(?=\s*(?:close\s*)?(?:[,;:.!?)]|$)|\s*(?:close\s+)?(?:on|as|and|after|before|while|with|"
    r"this|last|for(?! the first time)|in(?! (?:nearly |almost |more than |over |about )?\w+ (?:years?|months?)))\b"
    # "reached a record 21.8 percentage points", "widened by a record 3.7 percentage points": before a figure
    r"|\s+[+\-−]?\d[\d,]*(?:\.\d+)?\s?(?:%|percent|per cent|pp\b|percentage points?|basis points?|bps?\b)))",
    _F)
#: The period an adjective names ("its fifth monthly decline", "its first annual loss").
PERIOD_OF_ADJECTIVE = {"daily": "session", "weekly": "week", "monthly": "month", "quarterly": "quarter",
                       "annual": "year", "yearly": "year"}


def lag_first(beat: re.Match | None, lag: re.Match | None) -> bool:
    """Whether a clause's lag word (:data:`LAG_RE`) comes before its beat word (:data:`BEAT_RE`), or
    stands alone: the small caps (the side named first) lagged."""
    return lag is not None and (beat is None or lag.start() < beat.start())


def record_ever(record: re.Match) -> str:
    """A :data:`RECORD_RE` match's "ever" part, lowercase ("high", "on record", ""); the noun alone
    ("closed at a record on Thursday") is "high"."""
    return (record.group("ever") or ("high" if record.group("bare") is not None else "")).lower()


#: "highest level since" words that point up (the rest point down).
UP_WORDS = {"highest", "best", "biggest", "largest", "widest", "steepest", "sharpest", "strongest",
            "most", "most positive", "record", "all-time", "all time"}

#: "a 16-year high", "a fresh 52-week low": a level record over a span. Groups: n, unit, hl.
SPAN_HIGH_RE = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
    r"[- ](?P<unit>year|month|week|day)[- ](?P<hl>high|low|peak|trough|top|bottom)s?\b", _F)
#: An index level: "closed at 5,738.17", "above 6,000", "at a record 6,144.15". Groups: value, rec
#: (the record words, when the level is stated as a record).
INDEX_LEVEL_RE = re.compile(
    r"\b(?:at|to|above|below|under|over|near|around|of|topped|crossed|hit|reached)\s+(?:about\s+|nearly\s+|"
    r"roughly\s+|almost\s+)?(?P<rec>(?:an?\s+|its\s+)?(?:new\s+|fresh\s+)?(?:record(?:\s+(?:high|low|close|"
    r"closing high))?|all-time (?:high|low)|closing (?:record|high))\s+(?:of\s+)?)?"
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{3,6}(?:\.\d+)?)\b"
    r"(?!\s*(?:%|percent|per cent|points|basis|bps?\b|pp\b|[-–]?\s*year|[-–]?\s*day|companies|stocks|members))",
    _F)
CORRELATION_RE = re.compile(r"\bcorrelat(?:ion|ed)\b", _F)
#: A correlation's coefficient: "has fallen to -0.5", "is about -0.43", "stands at 0.2".
CORRELATION_FIGURE_RE = re.compile(
    r"\b(?:is|was|at|to|of|hit|reached|near)\s+(?P<q>about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?"
    r"(?P<v>[-\u2212\u2013]\s?(?:0?\.\d{1,3}|1(?:\.0+)?)|0?\.\d{1,3}|1\.0+)(?![\d.%])", _F)
#: A correlation's window as written: "its 24-month correlation", "the rolling 63-day correlation",
#: "over the past two years" (group n, unit).
CORRELATION_WINDOW_RE = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|five|six|twelve)[- ](?P<unit>day|session|week|month|year)s?\b"
    r"(?=[\w\s-]{0,20}\bcorrelat|\s*$|\s*[,.;])"
    r"|\bover the (?:past|last|previous)\s+(?P<n2>\d{1,3}|two|three|five|six|twelve)\s+"
    r"(?P<unit2>day|session|week|month|year)s\b", _F)
PEAK_VERB_RE = re.compile(r"\b(?:peaked|topped(?: out)?|hit (?:a |its )?peak|reached (?:a |its )?peak|"
                          r"bottomed(?: out)?|troughed)\b", _F)
RELATIVE_RE = re.compile(r"\b(?:relative to|compared with|compared to|against|versus|vs\.?)\s+"
                         r"(?:the\s+)?(?:large[- ]caps?|s&p 500|s&p|big[- ]caps?|larger (?:companies|stocks))\b"
                         r"|\b(?:ratio|relative performance)\b", _F)
FED_EVENT_RE = re.compile(
    r"\b(?:the\s+)?(?:fed(?:eral reserve)?(?:'s)?|fomc(?:'s)?)\s+(?P<which>first|last|final|latest|most recent)?\s*"
    r"(?P<move>(?:rate\s+)?hike|(?:rate\s+)?increase|(?:rate\s+)?cut|(?:rate\s+)?reduction)s?\b"
    r"|\b(?:the\s+)?(?P<which2>first|last|final)\s+(?:fed\s+)?(?:rate\s+)?(?P<move2>hike|cut)\b"
    # "after the Fed starts cutting rates" (its first cut), "once the Fed stops hiking" (its last hike)
    r"|\b(?:the\s+)?(?:fed(?:eral reserve)?|fomc|central bank)\s+(?P<verb3>starts|started|begins|began|kicks off|"
    r"kicked off|stops|stopped|ends|ended|finishes|finished)\s+(?P<move3>cutting|easing|lowering|hiking|raising|"
    r"tightening)\b",
    _F)
HORIZON_RE = re.compile(r"\b(?:in|over|during)\s+(?:(?P<share>most|all|the majority|half|more than half)\s+of\s+)?"
                        r"the\s+(?P<n>year|(?:\d+|three|six|twelve|12)[- ]months?)(?:\s+(?:periods?|spans?|stretches|"
                        r"windows?))?\s+(?:after|following|since)\b", _F)
SHARE_RE = re.compile(r"\b(?P<share>most|all|every|the majority of|half of|more than half of|"
                      r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten) of (?:the )?(?:(?:past|last|previous|prior)\s+)?"
                      r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)|none of|few|no)\s+"
                      r"(?:(?:the|those|these|past|previous|prior)\s+)?(?:(?:easing|tightening|hiking|cutting|rate[- ]cutting|"
                      r"rate[- ]hiking|fed|policy)\s+)?(?:cycles|cases|episodes|instances|times|occasions|of them)\b", _F)
#: "In the 12 months after the Fed's last hike in July 2023": the span from that event's day.
AFTER_EVENT_RE = re.compile(
    # ("A year after the Fed's first cut, ... the Russell 2000 is up 11.9%": that year, as "in the year after")
    r"\b(?:(?:in|over|during)\s+the\s+|(?:a|one)\s+(?=year\b)|(?=(?:\d+|three|six|nine|twelve|eighteen)[- ]months?\s+after))"
    r"(?:(?P<n>\d+|three|six|nine|twelve|eighteen|24)[- ]months?|(?P<year>year))\s+"
    r"(?:after|following)\s+(?:the\s+)?(?:fed(?:eral reserve)?(?:'s|’s)?|fomc(?:'s|’s)?)\s+"
    r"(?P<which>first|last|final)\s+(?:rate\s+|interest[- ]rate\s+)?(?P<move>hike|increase|cut|reduction)"
    # ("its first cut of the cycle, a half-point reduction in September 2024": the month after the aside)
    r"(?:\s+of\s+the\s+(?:(?:easing|tightening|rate)\s+)?(?:cycle|campaign))?"
    r"(?:,\s+an?\s+(?:[\w-]+\s+){0,3}?(?:cut|hike|reduction|increase|move))?"
    r"(?:\s+(?:in|of)\s+(?P<month>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?))?", _F)
#: "by an average of 5 percentage points", "a median of 4%", "on average": a statistic across events.
EVENT_STAT_RE = re.compile(r"\b(?:by\s+)?an?\s+(?P<stat>average|median|mean)\s+(?:of\s+)?(?:about\s+|roughly\s+|nearly\s+)?"
                           r"(?=[+-]?\d)|\bon\s+(?P<stat2>average)\b", _F)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}

#: The Fed's stance: "the Fed is on hold", "the Fed has been cutting rates".
REGIME_RE = re.compile(
    r"\b(?:the\s+)?(?:fed(?:eral reserve)?|fomc|central bank)\b[^.;]{0,40}?\b(?P<stance>on hold|paused?|pausing|"
    r"(?:kept|keeping|left|leaving|held|holding) (?:(?:interest )?rates|its (?:policy |benchmark |key )?(?:interest )?rate"
    r"|the (?:policy|federal funds|fed funds|benchmark) rate)"
    r"(?: target)? (?:unchanged|steady)|hiking|raising rates|tightening|cutting|lowering rates|easing)\b", _F)
#: The Fed's target range as written: "a range of 5.25% to 5.5%", "5.25%-5.50%", "between 4.25% and 4.5%".
FED_RANGE_RE = re.compile(r"(?<![\d.])(?P<lo>\d{1,2}(?:\.\d{1,3})?|zero)\s*(?:%|percent)?\s*(?:-|–|to|and)\s*"
                          r"(?P<hi>\d{1,2}(?:\.\d{1,3})?)\s*(?:%|percent\b)", _F)
#: The Fed's target as one figure after its move or rate: "cut its benchmark rate by a quarter point
#: to 1%", "raised rates to 5.25%" (a range's "to a range of 5.25% to 5.5%" is :data:`FED_RANGE_RE`'s).
FED_TO_LEVEL_RE = re.compile(r"\bto\s+(?:about\s+|around\s+)?(?P<v>\d{1,2}(?:\.\d{1,3})?)\s*(?:%|percent\b)"
                             r"(?!\s*(?:-|–|to|and)\s*\d)", _F)
#: The Fed's target "near zero" (the 0-0.25% range of 2008-12-16 to 2015-12-16 and 2020-03-15 to
#: 2022-03-16), said of a rate: "slashed rates ... to near zero", "kept its benchmark rate near zero".
#: Group ``zero``: the words, after a rate noun (``rate``, ``rates``, ``target``, ``range``) with
#: no other subject between them ("held rates steady as inflation stayed near zero" is not one).
FED_NEAR_ZERO_RE = re.compile(r"\b(?:rates?|target|range)\b(?:(?!inflation|unemployment|growth|yields?|prices|"
                              r"returns?|correlation)[^.;]){0,50}?\b(?P<zero>(?:near|close to|nearly|virtually|"
                              r"effectively|around|at) zero|the zero lower bound)\b", _F)
#: Words that make a clause the Fed's (its target, not a market rate).
FED_WORDS_RE = re.compile(r"\b(?:fed(?:eral reserve)?|fomc|central bank|policymakers|fed(?:eral)? funds|"
                          r"benchmark (?:interest )?rate|policy rate)\b", _F)
#: The superlatives of a move's or level's record as one alternation ("the biggest five-day gain
#: for the Russell 2000 since 2020", "its lowest level in nearly three years").
SUPERLATIVE = (r"(?:highest|lowest|best|worst|biggest|largest|sharpest|steepest|strongest|weakest|deepest|"
               r"fastest)")
#: The Fed's rate named as a level: "the fed funds rate at a 22-year high", "the Fed's benchmark rate
#: is at its highest since 2001" (a record of the target, not of the index a sentence goes on about).
FED_RATE_RE = re.compile(r"\b(?:the\s+)?(?:fed(?:eral)?[- ]funds(?:\s+(?:target|rate))+|(?:fed|federal reserve)(?:'s|’s)\s+"
                         r"(?:(?:benchmark|key|policy|overnight)\s+)+(?:interest\s+)?rate|(?:fed|federal reserve)\s+"
                         r"(?:benchmark|key|policy)\s+rate)\b", _F)
#: A move of the Fed's target: "the Fed cut rates by half a percentage point", "raised its key rate
#: 75 basis points". Groups: ``verb``.
FED_MOVE_RE = re.compile(
    r"\b(?:the\s+)?(?:fed(?:eral reserve)?|fomc|central bank|policymakers)\b[^.;]{0,30}?\b(?:(?P<verb>cut|cuts|lowered|"
    r"lowers|reduced|reduces|slashed|slashes|trimmed|trims|raised|raises|hiked|hikes|increased|increases|lifted|lifts|"
    r"cutting|lowering|reducing|slashing|trimming|raising|hiking|increasing|lifting)\s+(?:its\s+|the\s+)?"
    r"(?:(?:benchmark|key|policy|overnight|target)\s+)?(?:(?:interest\s+)?rates?|(?:federal|fed)\s+funds\s+(?:rate(?:\s+target)?|target(?:\s+rate)?)"
    r"(?:\s+range)?"
    # "raised its target for the federal funds rate", "cut its target range"
    r"|target(?:\s+range)?(?:\s+for\s+the\s+(?:federal|fed)\s+funds\s+rate)?)\b"
    # "delivered another half-point cut", "announced a quarter-point hike": the move as a noun (group ``noun``)
    r"|(?:delivered|delivers|delivering|announced|announces|made|makes|approved|approves|enacted|unveiled|"
    # ("surprised markets with a half-point cut")
    r"implemented|opted for|(?:surprised|stunned|shocked|caught)\s+(?:[\w-]+\s+){1,3}?(?:with|by))\s+(?:a|an|another|its|the)\s+(?:[\w-]+\s+){0,5}?(?:(?:interest[- ])?rate\s+)?"
    r"(?P<noun>cut|hike|increase|reduction|rise)\b)", _F)
#: "its first cut since 2020" (or "in four years"): the Fed's previous move that way was then.
#: "(delivered a half-point cut,) its first since 2020": the move's kind left to the verb.
FIRST_SINCE_BARE_RE = re.compile(r"\b(?:its|their)\s+first\s+(?:one\s+)?since\s+(?P<since>[\w .,'-]+?)"
                                 r"(?=[,;:.!?)]|\s+(?:and|as|after)\b|$)", _F)
FIRST_SINCE_RE = re.compile(r"\b(?:its|their|the)\s+(?:(?:fed|federal reserve|fomc|central bank)(?:'s|\u2019s)\s+)?"
                            r"first\s+(?:(?:rate|interest[- ]rate)\s+)?(?P<kind>cut|hike|"
                            r"increase|reduction)s?\s+(?:since|in(?=\s+(?:(?:nearly|almost|more than|over|about)\s+)?"
                            r"(?:a|an|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                            r"(?:years?|months?|decades?)\b))\s+(?P<since>[\w .,'-]+?)(?=[,;:.!?)]|\s+(?:and|as|after)\b|$)", _F)
#: "cut rates for the third time this year": the Fed's moves that way in the year, this the last.
#: "Policymakers trimmed rates ..., their 11th cut this year"; "its 11th increase since March 2022"
#: (the moves since that month's start).
FED_COUNT_RE = re.compile(r"\b(?:for the|its|their) "
                          # ("its first cut since 2020" is a record: FIRST_SINCE_RE)
                          r"(?!first (?:(?:straight )?time|(?:rate )?(?:cut|hike|increase|reduction)) since\b)(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                          r"eleventh|twelfth|\d{1,2}(?:st|nd|rd|th)) (?:(?:straight )?time|(?:(?:emergency|surprise|"
                          r"unscheduled|intermeeting|inter-meeting|rate) )?(?:cut|hike|increase|"
                          r"reduction)) (?P<when>this year|so far this year|of the year|this month|in (?:19|20)\d\d|since (?:[A-Z][a-z]{2,8}\.? )?"
                          r"(?:19|20)\d\d)\b", _F)
#: The Fed's move as the Nth in a row that way (its moves since the last one the other way): "its
#: 10th consecutive increase", "the third straight rate cut", "raised rates for the 10th straight
#: time". Meetings are not moves ("held rates for the fourth straight meeting" counts meetings
#: without a move; there is no meeting calendar here): not read. Groups: n or n2.
_FED_ORDINAL = (r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                r"\d{1,2}(?:st|nd|rd|th)")
FED_STREAK_RE = re.compile(
    r"\b(?:its|their|the|a)\s+(?P<n>" + _FED_ORDINAL + r")\s+(?:straight|consecutive|successive)\s+"
    # ("a third straight 75 basis point hike": the moves of that size)
    r"(?P<sized>(?:\d+(?:\.\d+)?|half|quarter|three-quarters?)[- ](?:basis[- ]points?|bps?|percentage[- ]points?|points?)\s+)?"
    r"(?:(?:rate|interest[- ]rate)\s+)?(?:hike|increase|rise|cut|reduction|decrease)s?\b"
    # ("cut rates for a third straight meeting": the third move that way in a row)
    r"|\bfor\s+(?:the|a)\s+(?P<n2>" + _FED_ORDINAL + r")\s+(?:straight|consecutive|successive)\s+"
    r"(?:time|(?:(?:policy|fomc)\s+)?meeting)\b"
    r"(?!\s+(?:this|so far|in\s+(?:19|20)\d\d))", _F)
#: A count of FOMC meetings ("for the fourth straight meeting"): said not checked (no meeting calendar).
MEETINGS_RE = re.compile(r"\b[\w-]+\s+(?:straight|consecutive|successive)\s+(?:(?:policy|fomc)\s+)?meetings?\b", _F)
#: "inverted for the first time since 2019": the inversion before this one was then.
FIRST_TIME_RE = re.compile(r"\bfor the first time (?:since|in)\s+(?P<since>[\w .,'-]+?)(?=[,;:.!?)]|\s+(?:and|as|after)\b"
                           r"|\s+(?:earlier|later)\s+(?:this|last|in the)\s+(?:week|month|quarter|year)\b"
                           r"|\s+(?:this|last)\s+(?:week|month)\b|\s+on\s+[A-Z]|$)", _F)
#: "fell below 1% for the first time ever": no earlier close past the level at all.
FIRST_EVER_RE = re.compile(r"\bfor the first time (?:ever|on record|in (?:its )?(?:recorded )?history)\b", _F)
#: Sizes of a Fed move written in words, in pp.
FED_MOVE_WORDS = re.compile(r"\b(?P<size>half a|a half|one[- ]half|a quarter(?: of a)?|one[- ]quarter(?: of a)?|"
                            r"three[- ]quarters of a|quarter|half|three[- ]quarter|a full|one full|a|one)[- ]"
                            r"(?:percentage[- ])?point\b", _F)
#: Their sizes by the first matching word ("a" and "one" alone: a whole point).
FED_MOVE_SIZES = {"half": 0.5, "three": 0.75, "quarter": 0.25, "full": 1.0, "a": 1.0, "one": 1.0}
ELECTION_RE = re.compile(r"\b(?:the\s+)?(?:(?:presidential|u\.?s\.?|november)\s+)?election\b", _F)
