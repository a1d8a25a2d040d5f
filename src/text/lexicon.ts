// The lexicon: every natural-language word list the text tools and the search rules need, once,
// as typed tables. Chinese entries are written in simplified characters only, because every
// table is matched against folded text (NFKC, traditional → simplified, lower case; see
// normalize.ts): 個 and 个 are the same word by the time a rule looks. Rules elsewhere build
// their patterns from these tables and name no words of their own.
import { escapeRegExp } from "./normalize.js";

// ---------------------------------------------------------------------------------------------
// Function words
// ---------------------------------------------------------------------------------------------

/** English function words that carry no meaning for retrieval. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the of to in on at by for from with and or but is are was were be been being am do does did " +
    "what which who whom whose when where why how that this these those it its there their they them " +
    "he she his her we our you your i me my as if than then so such not no can could should would will " +
    "shall may might must has have had into about over under any all some each other more most very " +
    "s t just also only own same too up down out off again further once here both few many much"
  ).split(" "),
);

/** Chinese function words and question words that carry no meaning for retrieval. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 什么 怎么 怎样 如何 哪些 哪个 哪里 为什么 多少 几 是否 有 有没有 " +
    "这 那 这个 那个 这些 那些 其 之 也 都 就 而 被 把 对 从 向 为 以 于 等 请问 请 告诉 我 我们 你 你们 " +
    "他 她 它 他们 一个 中 上 下 里 个 所 多 要 会 能 可以 吗？ 呢？ 哪 谁 哪一 哪家 哪位 " +
    "如果 假如 要是 的话 到底 还是 就是"
  ).split(" "),
);

/** Characters at which a Chinese noun phrase of a question ends (月薪是多少 → 月薪). */
export const CHINESE_PHRASE_ENDS = "是有的了在为和与及或吗呢多";

/**
 * English prepositions and connectives that the index keeps but translation must not render: a
 * gloss such as 之间 "between" would otherwise become a search term of every question saying it.
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "between among amongst during within without before after per via including whether since until while " +
    "against across through toward towards upon onto yet still already ever even either neither nor whose whom " +
    "whereas though although because therefore thus hence besides beside regarding concerning like unlike around " +
    "above below behind beyond versus vs etc ie eg"
  ).split(" "),
);

/**
 * Adverb particles that make a phrasal verb with the verb before them: "check in" is 报到, not
 * 检查 "check"; "switch off" is 关掉. The particle itself is a stopword, so without this table the
 * verb alone would be translated.
 */
export const PHRASAL_PARTICLES: ReadonlySet<string> = new Set("in out off up on down over back away".split(" "));

/** Dictionary-gloss shorthand and placeholders that never carry meaning of their own. */
export const GLOSS_FILLER: ReadonlySet<string> = new Set(
  "sb sth etc one's oneself someone something somebody esp usu e.g i.e eg ie lit fig abbr cf certain particular one thing".split(" "),
);

/** Words of a question that speak about the question or the document, not about its subject. */
export const QUESTION_FILLER: ReadonlySet<string> = new Set(
  (
    "please tell according document documents report speech text mention mentioned say says said stated know give find " +
    "show list kindly exactly roughly approximately figure figures number amount percent percentage whats what's did does " +
    "do get got"
  ).split(" "),
);

/** English words that end a phrase: a phrase window never spans a verb, a conjunction or a question word. */
export const PHRASE_BREAKS: ReadonlySet<string> = new Set(
  "and or but is are was were be been being will would shall should can could may might must do does did has have had to than that which who what when where how why if so not no as".split(
    " ",
  ),
);

/** Prepositions after which an English head noun comes before its modifier ("rate of enrollment" → 入学率). */
export const REVERSING_GAPS: ReadonlySet<string> = new Set(["of", "for", "with", "in", "on", "of the", "for the", "with the", "in the"]);

/**
 * Head nouns that only say "a thing of this kind": 农村 "rural area" renders "rural", and 西藏
 * "Tibet Autonomous Region" renders "Tibet". Alone, such a word is too vague to translate.
 */
export const GENERIC_HEADS: ReadonlySet<string> = new Set(
  "area region place person thing matter affair field district zone stuff kind type form autonomous province city county prefecture municipality town township".split(
    " ",
  ),
);

// ---------------------------------------------------------------------------------------------
// English word forms
// ---------------------------------------------------------------------------------------------

/**
 * WordNet's regular inflections (its "morphy" detachment rules) per part of speech: an ending and
 * what replaces it, tried in order when a word is not a WordNet lemma itself ("jobs" → "job").
 */
export const WORDNET_DETACHMENTS: Readonly<Record<"noun" | "verb" | "adj", ReadonlyArray<readonly [string, string]>>> = {
  noun: [
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
    ["s", ""],
  ],
  verb: [
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
    ["s", ""],
  ],
  adj: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
};

/**
 * Irregular plurals and past forms a question and a document may disagree on ("children" /
 * "child", "lent" / "lend"): the index and the dictionary fold them onto the base word.
 */
export const IRREGULAR_FORMS: Readonly<Record<string, string>> = {
  children: "child",
  people: "person",
  men: "man",
  women: "woman",
  teeth: "tooth",
  feet: "foot",
  mice: "mouse",
  geese: "goose",
  indices: "index",
  // Irregular past forms that questions use ("were built", "was paid").
  built: "build",
  paid: "pay",
  spent: "spend",
  lent: "lend",
  sent: "send",
  found: "find",
  got: "get",
  went: "go",
  gone: "go",
  took: "take",
  taken: "take",
  ran: "run",
  seen: "see",
  saw: "see",
  told: "tell",
  said: "say",
  known: "know",
  knew: "know",
  drew: "draw",
  drawn: "draw",
  taught: "teach",
  held: "hold",
  made: "make",
  gave: "give",
  given: "give",
  sold: "sell",
  bought: "buy",
  grew: "grow",
  grown: "grow",
  rose: "rise",
  risen: "rise",
  fell: "fall",
  fallen: "fall",
  chosen: "choose",
  won: "win",
  lost: "lose",
  met: "meet",
  led: "lead",
  kept: "keep",
  began: "begin",
  begun: "begin",
  brought: "bring",
  thought: "think",
  written: "write",
  wrote: "write",
  became: "become",
  came: "come",
  chose: "choose",
  broke: "break",
  broken: "break",
  spoke: "speak",
  spoken: "speak",
  shown: "show",
  heard: "hear",
  meant: "mean",
  understood: "understand",
  stood: "stand",
  sought: "seek",
  fought: "fight",
  caught: "catch",
  drove: "drive",
  driven: "drive",
  flew: "fly",
  flown: "fly",
  threw: "throw",
  thrown: "throw",
  withdrew: "withdraw",
  withdrawn: "withdraw",
  undertook: "undertake",
  undertaken: "undertake",
  overcame: "overcome",
  forgot: "forget",
  forgotten: "forget",
  hid: "hide",
  hidden: "hide",
  froze: "freeze",
  frozen: "freeze",
  dealt: "deal",
};

/** Words ending in "men" that are no plural of a compound of "man" ("specimen", "abdomen"). */
export const MEN_SINGULARS: ReadonlySet<string> = new Set(
  "specimen abdomen regimen acumen albumen bitumen cerumen stamen gravamen dolmen foramen cognomen carmen".split(" "),
);

/** Words the light stemmer would damage: "news" is not the plural of "new". */
export const INVARIANT_WORDS: ReadonlySet<string> = new Set(
  "news series species means physics economics politics mathematics statistics athletics ethics electronics logistics analysis basis crisis thesis".split(" "),
);

/** British spellings and irregular forms the light stemmer cannot fold by itself, onto one key. */
export const WORD_VARIANTS: Readonly<Record<string, string>> = {
  enrol: "enroll",
  enrols: "enroll",
  enrolment: "enroll",
  enrolments: "enroll",
  enrollment: "enroll",
  enrollments: "enroll",
  programme: "program",
  programmes: "program",
  centre: "center",
  centres: "center",
  labour: "labor",
  colour: "color",
  behaviour: "behavior",
  defence: "defense",
  licence: "license",
};

/**
 * Clipped English words and the word they stand for, so the dictionary reads a casual question
 * as its glosses spell it ("undergrad classes" → 本科, "dorm" → 宿舍). Only clippings with one
 * reading: "min" (minute or minimum) and "temp" (temperature or temporary) are not here.
 */
export const ENGLISH_CLIPPINGS: Readonly<Record<string, string>> = {
  undergrad: "undergraduate",
  postgrad: "postgraduate",
  grad: "graduate",
  prof: "professor",
  admin: "administration",
  info: "information",
  lab: "laboratory",
  dept: "department",
  govt: "government",
  univ: "university",
  uni: "university",
  dorm: "dormitory",
  photo: "photograph",
  pic: "picture",
  stats: "statistics",
  fridge: "refrigerator",
  tel: "telephone",
  approx: "approximately",
  max: "maximum",
  intl: "international",
  mgmt: "management",
  asst: "assistant",
  qty: "quantity",
  yr: "year",
  hr: "hour",
  wk: "week",
  avg: "average",
  amt: "amount",
  pct: "percent",
  cert: "certificate",
  biz: "business",
  ppl: "people",
};

/** Spelling pairs whose both forms may appear in English documents (the index stems, it does not fold them). */
export const SPELLING_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["enroll", "enrol"],
  ["center", "centre"],
  ["program", "programme"],
  ["labor", "labour"],
  ["color", "colour"],
  ["defense", "defence"],
  ["license", "licence"],
];

// ---------------------------------------------------------------------------------------------
// Measures and units
// ---------------------------------------------------------------------------------------------

/** Chinese measure words (classifiers): what follows a numeral when things are counted. */
export const MEASURE_WORDS: readonly string[] = [
  "个",
  "所",
  "名",
  "人",
  "次",
  "项",
  "家",
  "座",
  "条",
  "本",
  "位",
  "种",
  "岁",
  "届",
  "批",
  "辆",
  "台",
  "张",
  "件",
  "只",
  "棵",
  "套",
  "架",
  "艘",
  "部",
  "册",
  "篇",
  "门",
  "起",
  "期",
  "间",
  "轮",
  "倍",
  "级",
  "户",
  "款",
  "章",
  "节",
  "处",
  "栋",
  "层",
  "份",
  "支",
  "包",
];

/** Measure words that count people (54.2万名群众, 三位委员, 1200人): they say the figure is a headcount. */
export const PERSON_MEASURE_WORDS: readonly string[] = ["名", "人", "位", "口", "人次"];

/**
 * Words that may stand between "how many" and the unit of time it counts ("how many working
 * days"; "more" and "additional" are skipped anyway, see COUNT_PHRASE_SKIP); any other word makes
 * the unit a condition ("how many participants last year").
 */
export const TIME_UNIT_MODIFIERS: ReadonlySet<string> = new Set(
  "working business calendar consecutive full clear whole school trading extra paid unpaid".split(" "),
);

/** English units of time a question may count ("how many working days"): such a count asks for a duration in that unit. */
export const TIME_WORDS: readonly string[] = ["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes"];

/** What a question counts when it counts people, in either language ("how many people", 多少人). */
export const PEOPLE_WORDS: readonly string[] = ["people", "person", "persons", "individuals", "人", "人数", "人员"];

/** Units of time a count may be in (三年, 30天). */
export const TIME_UNITS: readonly string[] = ["年", "个月", "月", "周", "天", "日", "小时", "分钟", "秒"];

/** Chinese magnitude characters written between a figure and its unit (3.5亿元, 15万余名). */
export const MAGNITUDES = "十百千万亿";

/** Chinese numeral characters (for figures written in words: 三年, 十二条). */
export const CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿";

/**
 * Measures a question may ask its answer in, keyed by their Chinese unit: how an English question
 * names them, and how a passage writes them in English. Longer units come first (平方米 before 米).
 */
export interface Measure {
  /** The unit as Chinese text writes it after a figure. */
  unit: string;
  /** English words that ask for it in a question. */
  asked: readonly string[];
  /** English (or symbol) spellings that state it in a passage. */
  stated: readonly string[];
  /** The unit is money. */
  money?: boolean;
  /** The unit is one of time: a count of it is a duration ("how many days" asks 天, not things). */
  time?: boolean;
  /** Other Chinese forms that state the same unit (日 and 个工作日 for 天). */
  sameAs?: readonly string[];
}

export const MEASURES: readonly Measure[] = [
  {
    unit: "元",
    asked: ["yuan", "dollars", "euros", "renminbi", "rmb", "hk$", "nt$"],
    stated: ["$", "€", "£", "¥", "dollar", "dollars", "yuan", "rmb", "euro", "euros", "pound", "pounds"],
    money: true,
  },
  { unit: "小时", time: true, asked: ["hours"], stated: ["hour", "hours", "hr", "hrs"] },
  { unit: "分钟", time: true, asked: ["minutes"], stated: ["minute", "minutes", "min", "mins"] },
  {
    unit: "平方公里",
    asked: ["square kilometers", "square kilometres"],
    stated: ["square kilometer", "square kilometers", "square kilometre", "square kilometres", "km²"],
  },
  // Taiwan and Hong Kong write metric units with 公: 平方公尺 and 公尺 are 平方米 and 米.
  {
    unit: "平方米",
    asked: ["square meters", "square metres"],
    stated: ["square meter", "square meters", "square metre", "square metres", "m²", "sq m"],
    sameAs: ["平方公尺"],
  },
  { unit: "公里", asked: ["kilometers", "kilometres", "km"], stated: ["km", "kilometer", "kilometers", "kilometre", "kilometres"] },
  { unit: "千米", asked: [], stated: ["km", "kilometer", "kilometers", "kilometre", "kilometres"] },
  { unit: "米", asked: ["meters", "metres"], stated: ["meter", "meters", "metre", "metres"], sameAs: ["公尺"] },
  { unit: "公顷", asked: ["hectares"], stated: ["hectare", "hectares"] },
  { unit: "公斤", asked: ["kilograms", "kilogrammes", "kg"], stated: ["kg", "kilogram", "kilograms", "kilogramme", "kilogrammes"], sameAs: ["千克"] },
  { unit: "吨", asked: ["tons", "tonnes"], stated: ["ton", "tons", "tonne", "tonnes"] },
  { unit: "人次", asked: [], stated: [] },
  // "How many days" is a count; "days" elsewhere in a question is mostly a condition ("stays
  // longer than 180 days"), so it asks for no unit.
  { unit: "天", time: true, asked: [], stated: ["day", "days"], sameAs: ["日", "个工作日", "工作日", "个自然日", "自然日"] },
  // Counts of other units of time (几年, 几个月, "how many working weeks"): answered in that unit.
  // 月 alone is no unit here: 几月 asks which month, and 3月 is March.
  { unit: "个月", time: true, asked: [], stated: ["month", "months"] },
  { unit: "周", time: true, asked: [], stated: ["week", "weeks"], sameAs: ["个星期", "星期", "个礼拜", "礼拜"] },
  { unit: "年", time: true, asked: [], stated: ["year", "years"], sameAs: ["周年"] },
];

/** The forms a measure's unit takes after a figure: its own and the same units'. */
export function unitForms(measure: Measure): string[] {
  return [measure.unit, ...(measure.sameAs ?? [])];
}

/** Every unit a figure may carry (measures in all their forms, and units of time), longest first. */
export const FIGURE_UNITS: readonly string[] = [...new Set([...MEASURES.flatMap(unitForms), ...TIME_UNITS])].sort((a, b) => b.length - a.length);

/** English words for magnitudes and shares written after a figure (3.5 million, 40 percent). */
export const ENGLISH_MAGNITUDES: readonly string[] = ["percent", "per cent", "million", "billion", "thousand", "hundred"];

/** English number words a figure may be written in ("three copies", "twenty-one days"); "one" is too often no number. */
export const ENGLISH_NUMBER_WORDS: readonly string[] =
  "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split(
    " ",
  );

// ---------------------------------------------------------------------------------------------
// What a question asks for
// ---------------------------------------------------------------------------------------------

/** Function words an acronym's letters skip ("Department of Health" is DH, "Bank of China" BOC keeps none). */
export const ACRONYM_SKIPPED: ReadonlySet<string> = new Set(["of", "and", "the", "for", "&"]);

/** English phrases that ask for a quantity. */
export const ENGLISH_QUANTITY_CUES: readonly string[] = [
  "how many",
  "how much",
  "how large",
  "how big",
  "how high",
  "how low",
  "how far",
  "how long",
  "how often",
  "how fast",
  "how old",
  "how tall",
  "how wide",
  "how deep",
  "how heavy",
  "what percent",
  "what percentage",
  "what proportion",
  "what share",
  "what fraction",
  "what ratio",
  "percentage",
  "average",
  "mean",
  "median",
];

/** English nouns that name a quantity when a "what" question asks for them ("what is the rate"); the nouns of money (MONEY_NOUNS) do too. */
export const ENGLISH_QUANTITY_NOUNS: readonly string[] = [
  "rate",
  "number",
  "amount",
  "total",
  "figure",
  "target",
  "budget",
  "count",
  "size",
  "share",
  "percentage",
  "proportion",
  "ratio",
  "income",
  "area",
  "population",
  "penalty",
  "growth",
  "sum",
  "value",
  "gdp",
  "output",
  "revenue",
  "revenues",
  "yield",
  "capacity",
  "volume",
  "intensity",
  "density",
  "quota",
  "limit",
  "maximum",
  "minimum",
  "threshold",
  "score",
  "length",
  "height",
  "weight",
  "distance",
  "speed",
  "temperature",
  "duration",
];

/** Chinese words that ask for a quantity. */
export const CHINESE_QUANTITY_CUES: readonly string[] = [
  "多少",
  "几",
  "百分之几",
  "百分比",
  "比例",
  "比率",
  "占比",
  "比重",
  "总数",
  "人数",
  "班数",
  "数量",
  "数额",
  "金额",
  "规模",
  "增长率",
  "平均",
  "多大",
  "多高",
  "多长",
  "多久",
  "多远",
  "多重",
  "费用",
  "罚款",
];

/** Words that ask for a share or a rate rather than a count. */
export const SHARE_WORDS: readonly string[] = [
  "比例",
  "比重",
  "占比",
  "百分",
  "rate",
  "rates",
  "ratio",
  "ratios",
  "percent",
  "percentage",
  "share",
  "proportion",
  "fraction",
];

/** Words that ask for an average, and words that state one. */
export const AVERAGE_ASKED: readonly string[] = ["average", "mean", "median", "平均", "人均", "生均"];
export const AVERAGE_STATED: readonly string[] = ["average", "mean", "median", "per", "平均", "均", "中位数"];

/** Nouns of money: after "how much" or "what" they ask for an amount ("what is the fee", "how much subsidy"). */
export const MONEY_NOUNS: readonly string[] = [
  "cost",
  "costs",
  "price",
  "prices",
  "fee",
  "fees",
  "charge",
  "charges",
  "fine",
  "subsidy",
  "subsidies",
  "allowance",
  "allowances",
  "salary",
  "salaries",
  "wage",
  "wages",
  "rent",
  "tuition",
  "premium",
  "premiums",
  "deposit",
  "grant",
  "grants",
  "bonus",
  "compensation",
  "refund",
  "tax",
  "taxes",
  "levy",
  "tariff",
  "surcharge",
];

/** Charges that are often a share of a sum ("an additional 3% fee", 税率 13%): a percentage beside one states money. */
export const PERCENT_CHARGES: readonly string[] = [
  "fee",
  "fees",
  "charge",
  "charges",
  "surcharge",
  "commission",
  "tax",
  "taxes",
  "levy",
  // Whole words: 费 alone is also the 费 of 消费 "consumption".
  "手续费",
  "服务费",
  "附加费",
  "佣金",
  "税率",
  "费率",
];

/** English verbs of paying: after "how much" they ask for money ("how much was spent", "how much is it priced at"). */
export const MONEY_VERBS: readonly string[] = ["priced", "charged", "pay", "paid", "fined", "spend", "spent"];

/**
 * Chinese nouns of money (规费, 票价, 补贴): asked with 多少 beside them (多少规费, 补贴是多少),
 * they ask for an amount of money. 费 and 价 end most of them (学费, 电价); a rate (费率) is no amount.
 */
export const CHINESE_MONEY_NOUNS: readonly string[] = [
  "费",
  "钱",
  "价",
  "租金",
  "罚款",
  "罚金",
  "工资",
  "薪金",
  "薪酬",
  "奖金",
  "津贴",
  "补贴",
  "补助",
  "资助",
  "税款",
];

/** Phrases that ask for an amount of money. */
export const MONEY_CUES: readonly string[] = [
  "how much money",
  "how much cash",
  "how much does it cost",
  "how much will it cost",
  "what is the cost",
  "what was the cost",
  "what is the price",
  "what is the fee",
  "what are the fees",
  "how much is the fee",
  "how much are the fees",
  "多少钱",
  "花了多少",
  "花费多少",
  "造价",
  "收费多少",
  "费用多少",
  "罚款多少",
];

/** Ways of reaching someone that a question may ask for: a number to call, an address to write to, a site. */
export type ContactKind = "phone" | "email" | "web";

/**
 * Phrases that ask for a way of reaching someone (matched on folded text): the answer must have
 * that shape — digits to dial, an e-mail address, a web address. "Call" alone is left out: "what
 * is it called" asks a name.
 */
export const CONTACT_CUES: readonly { kind: ContactKind; cues: readonly string[] }[] = [
  {
    kind: "phone",
    cues: [
      "phone number",
      "telephone number",
      "phone no",
      "tel no",
      "contact number",
      "hotline",
      "fax",
      "number to call",
      "number to ring",
      "number to dial",
      "what number",
      "which number",
      "电话",
      "传真",
      "热线",
      "打哪个号码",
      "拨打哪个",
      "拨打什么",
    ],
  },
  { kind: "email", cues: ["email address", "e-mail address", "email", "e-mail", "电子邮件", "电邮", "邮箱", "电子邮箱"] },
  { kind: "web", cues: ["website", "web site", "web address", "url", "网址", "网站"] },
];

/**
 * Words that introduce a number to dial in text ("Tel: 2921 0503", "call 110"), besides the
 * one-word phone cues above (hotline, 电话, 传真…): a short service number counts after one.
 */
export const PHONE_LABELS: readonly string[] = ["tel", "phone", "telephone", "call", "dial", "致电", "拨打"];

/** Phrases that ask for a time of day, and the shapes that state one. */
export const TIME_OF_DAY_CUES: readonly string[] = [
  "what time",
  "at what hour",
  // "What hours is the pool open": the hours of the day it is open, not a number of hours.
  "what hours",
  "which hours",
  "几点",
  "什么时间",
  "几时",
  // Which stretch of the day ("高峰期是哪几个时间段"): answered by clock times.
  "哪个时间段",
  "哪几个时间段",
  "哪些时间段",
  "什么时间段",
  "哪个时段",
  "哪些时段",
  "什么时段",
];

/**
 * Cantonese words of spoken Hong Kong questions and their standard written forms (in simplified
 * script, matched on folded text), longest first where one contains another: 幾多錢 is 多少钱,
 * 有冇 is 有没有. Only words that never occur in standard written Chinese, so a document's own
 * wording is never rewritten (系 alone is left: it is also 系统).
 */
export const CANTONESE_FORMS: readonly (readonly [string, string])[] = [
  ["可唔可以", "可不可以"],
  ["使唔使", "需不需要"],
  ["要唔要", "要不要"],
  ["有冇", "有没有"],
  ["系咪", "是不是"],
  ["几多", "多少"],
  ["几时", "什么时候"],
  ["乜嘢", "什么"],
  ["边个", "哪个"],
  ["边度", "哪里"],
  ["边间", "哪间"],
  ["点样", "怎样"],
  ["点解", "为什么"],
  ["冇", "没有"],
  ["咩", "什么"],
  ["嘅", "的"],
  ["唔", "不"],
  ["佢哋", "他们"],
  ["佢", "他"],
  ["哋", "们"],
  ["啲", "些"],
  ["喺", "在"],
  ["咗", "了"],
  ["畀", "给"],
  ["搵", "找"],
  ["睇", "看"],
  ["嘢", "东西"],
];

/** Date cues that name a date rather than ask for one: "有没有期限" asks whether there is one, not when. */
export const DATE_NOUN_CUES: readonly string[] = [
  "截止",
  "截止日期",
  "期限",
  "deadline",
  "due date",
  "effective date",
  "come into force",
  "take effect",
  "生效",
  "施行",
];

/** Phrases that ask for a date or a deadline ("when" is read apart: it is also a conjunction). */
export const DATE_CUES: readonly string[] = [
  "by when",
  "what date",
  "what year",
  "what month",
  "what day",
  "which day",
  "which weekday",
  "which month",
  "which year",
  "since when",
  "until when",
  "什么时候",
  "何时",
  "哪一年",
  "哪年",
  "几月",
  // Which months (哪几个月有效) are named months, not a number of them.
  "哪几个月",
  "哪个月",
  "哪些月份",
  "哪一天",
  "哪天",
  "星期几",
  "礼拜几",
  "周几",
  "什么日期",
  "by what date",
  ...DATE_NOUN_CUES,
];

/** English month names. */
export const ENGLISH_MONTHS: readonly string[] = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** English month names and their abbreviations. */
export const MONTHS: readonly string[] = [...ENGLISH_MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

/** Months spelt like a common word ("may"): a month only after "in" or "during". */
export const AMBIGUOUS_MONTHS: ReadonlySet<string> = new Set(["may"]);

/** English names of the days of the week. */
export const ENGLISH_WEEKDAYS: readonly string[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** Chinese names of the days of the week (星期三, 周三), as a dateline writes them beside the date. */
export const CHINESE_WEEKDAYS: readonly string[] = [
  ...["一", "二", "三", "四", "五", "六", "日", "天"].map((day) => `星期${day}`),
  ...["一", "二", "三", "四", "五", "六", "日"].map((day) => `周${day}`),
];

/** Chinese words for the part of the day a meeting is held in (上午, 晚上). */
export const CHINESE_DAY_PARTS: readonly string[] = ["上午", "下午", "早上", "晚上"];

/** How Chinese states a time of day after the hour's figure: 11时, 3点, 11时正 (sharp), 3点30分. */
export const CHINESE_CLOCK = { hour: ["时", "点"], sharp: "正", minute: "分" } as const;

/** English words that stand beside a time of day ("at 10 a.m."). */
export const ENGLISH_CLOCK_WORDS: readonly string[] = ["at", "a.m.", "p.m.", "am", "pm"];

/** Endings of English ordinal day numbers ("8th April", "April 1st"). */
export const ENGLISH_ORDINAL_SUFFIXES: readonly string[] = ["st", "nd", "rd", "th"];

/** Month and season names and other words that state a date in English text. */
export const ENGLISH_DATE_WORDS: readonly string[] = [
  ...MONTHS,
  "spring",
  "summer",
  "autumn",
  "fall",
  "winter",
  "quarter",
  ...ENGLISH_WEEKDAYS,
  "weekday",
  "weekdays",
  "weekend",
  "weekends",
];

/** Chinese words that state a date (beside 月, 日 after figures). */
export const CHINESE_DATE_WORDS: readonly string[] = ["年底", "年初", "年内", "上半年", "下半年", "季度", "之日起", "日起", "日前", "以前", "期满"];

/** Question words that ask for a person, an organisation or a thing named (who, which body). */
export const NAME_CUES: readonly string[] = [
  "who",
  "whom",
  "which",
  "what organization",
  "what organisation",
  "what body",
  "what agency",
  "what department",
  "what authority",
  "what company",
  "which authority",
  "谁",
  "哪个",
  "哪些",
  "哪家",
  "哪位",
  "哪一",
  "什么部门",
  "什么机构",
  "哪个部门",
  "哪个机关",
  "由谁",
  "负责",
  "主管",
  // Asking a name outright (馆长叫什么名字, "what is the name of").
  "什么名字",
  "名字是什么",
  "叫什么",
  "what is the name",
  "what's the name",
];

/** Question forms that ask what something is or counts as. */
export const DEFINITION_CUES: readonly string[] = [
  "what counts as",
  "what is meant by",
  "what does it mean",
  "definition of",
  "defined as",
  "define",
  "refer to",
  "refers to",
  "指什么",
  "指哪些",
  "指的是",
  "是指什么",
  "什么叫",
  "何谓",
  "什么是",
  "定义",
  "算不算",
  "属于什么",
  "属不属于",
];

/** Words by which a sentence defines something ("湿垃圾，即易腐垃圾，是指…", "X means …"). */
export const DEFINITION_MARKERS: readonly string[] = [
  "是指",
  "系指",
  "指",
  "即",
  "包括",
  "包含",
  "属于",
  "means",
  "mean",
  "refers to",
  "refer to",
  "is defined as",
  "are defined as",
  "includes",
  "include",
  "including",
  "consists of",
  "stands for",
  "short for",
  "shorthand for",
  "abbreviation for",
  "abbreviation of",
  "简称",
];

/** Question forms that ask for a list ("what are the …s", 哪些). */
export const LIST_CUES: readonly string[] = [
  "what are the",
  "which are the",
  "list",
  "name the",
  "what kinds",
  "what types",
  "哪些",
  "哪几",
  "包括什么",
  "有什么",
  "包括哪些",
];

/** Openings of a yes/no question. */
export const YES_NO_OPENINGS: readonly string[] = [
  "is",
  "are",
  "was",
  "were",
  "do",
  "does",
  "did",
  "can",
  "could",
  "must",
  "should",
  "will",
  "would",
  "has",
  "have",
  "may",
];

/** Chinese endings of a yes/no question. */
export const YES_NO_CHINESE: readonly string[] = ["吗", "是否", "能否", "可否", "是不是", "有没有", "可不可以", "能不能", "要不要", "需不需要"];

/** English words that end the phrase counted by "how many" (a verb, a preposition, a clause). */
export const COUNT_PHRASE_END: ReadonlySet<string> = new Set(
  "did do does were was are is will would have has had can could should in of for at to from by with on under during per than and or that which who there get got received receive".split(
    " ",
  ),
);

/** Words of a counted phrase that do not say what is counted ("how many new schools"). */
export const COUNT_PHRASE_SKIP: ReadonlySet<string> = new Set(["new", "more", "additional", "total", "different", "the", "of", "such"]);

/** How a question asks, not what it asks about: "supposed to", "is there any", 叫什么名字. */
export const QUESTION_FORMS: readonly string[] = [
  "supposed to",
  "expected to",
  "meant to",
  "going to",
  "due to",
  "is there any",
  "is there a",
  "are there any",
  "are there a",
  "can you tell me",
  "do you know",
  "what's the name of",
  "what is the name of",
  "what was the name of",
  "called",
  "叫什么名字",
  "什么名字",
  "叫什么",
  "是怎么规定的",
  "怎么规定",
  "有什么规定",
  "有何规定",
  "如何规定",
  "规定了什么",
];

// ---------------------------------------------------------------------------------------------
// Time frames: reports review the past and plan the future in the same words
// ---------------------------------------------------------------------------------------------

/** Words that make a question ask about the past by tense. */
export const PAST_TENSE_CUES: readonly string[] = ["以来", "已经", "已", "了", "did", "was", "were", "had"];

/** Words that make a question ask about the future (plans, targets). */
export const FUTURE_CUES: readonly string[] = [
  "今年",
  "明年",
  "本年度",
  "计划",
  "规划",
  "目标",
  "将",
  "要",
  "力争",
  "确保",
  "预计",
  "will",
  "shall",
  "plan",
  "plans",
  "planned",
  "planning",
  "target",
  "targets",
  "targeted",
  "goal",
  "goals",
  "aim",
  "aims",
  "aimed",
  "aiming",
  "intend",
  "intends",
  "intended",
  "intending",
  "expected",
  "going to",
  "is to be",
  "are to be",
  "next",
  "this year",
  "upcoming",
];

/** Words that name the past outright: "last year" is never a plan. */
export const EXPLICIT_PAST: readonly string[] = [
  "去年",
  "上年",
  "上一年",
  "上年度",
  "过去",
  "last year",
  "last years",
  "past year",
  "past years",
  "previous year",
  "prior year",
];

/** Words that name the future outright: a target is never a review's result. */
export const EXPLICIT_FUTURE: readonly string[] = [
  "目标",
  "计划",
  "规划",
  "预计",
  "力争",
  "明年",
  "target",
  "targets",
  "targeted",
  "plan",
  "plans",
  "planned",
  "planning",
  "goal",
  "goals",
  "aim",
  "aims",
  "aimed",
  "aiming",
  "intend",
  "intends",
  "intended",
  "intending",
  "next year",
];

/** Heading words of a section that reviews the past. */
export const REVIEW_SECTION_WORDS: readonly string[] = [
  "回顾",
  "总结",
  "成绩",
  "成效",
  "完成情况",
  "review",
  "summary",
  "highlights",
  "achievements",
  "results",
  "in review",
  "the year in",
];

/** Heading words of a section that plans the future. */
export const PLAN_SECTION_WORDS: readonly string[] = [
  "重点",
  "计划",
  "规划",
  "目标",
  "任务",
  "部署",
  "安排",
  "展望",
  "打算",
  "plan",
  "plans",
  "priorities",
  "goals",
  "targets",
  "outlook",
  "next",
  "ahead",
  "coming",
  "future",
];

/** Relative years: no document states them, they pick the section ("last year", 去年). */
export const RELATIVE_YEARS: readonly string[] = [
  "去年",
  "今年",
  "明年",
  "前年",
  "本年度",
  "本年",
  "上年度",
  "上一年度",
  "过去一年",
  "last year",
  "this year",
  "next year",
  "past year",
  "previous year",
  "coming year",
  "current year",
  "the last year",
  "the past year",
];

// ---------------------------------------------------------------------------------------------
// Follow-ups: what makes a question lean on the one before ("And in 2019?", 那浙江呢？)
// ---------------------------------------------------------------------------------------------

/** A word around the core of a follow-up; `marks` when it alone says the question leans on the one before. */
export interface FollowUpCue {
  text: string;
  marks: boolean;
}

/** Words an English follow-up opens with ("And in 2019?", "What about Zhejiang?"). */
export const ENGLISH_FOLLOW_UP_OPENINGS: readonly FollowUpCue[] = [
  { text: "and", marks: true },
  { text: "but", marks: true },
  { text: "also", marks: true },
  { text: "what about", marks: true },
  { text: "how about", marks: true },
  { text: "same for", marks: true },
  { text: "the same for", marks: true },
  { text: "same question for", marks: true },
  { text: "the same question for", marks: true },
  { text: "same goes for", marks: true },
  { text: "so", marks: false },
  { text: "then", marks: false },
  { text: "ok", marks: false },
  { text: "okay", marks: false },
  { text: "now", marks: false },
  { text: "well", marks: false },
  // Thanks say nothing about the question: "thanks" alone is no follow-up, "thanks, and 2019?" is.
  { text: "thanks", marks: false },
  { text: "thank you", marks: false },
  { text: "great", marks: false },
  { text: "cool", marks: false },
  { text: "got it", marks: false },
  { text: "i see", marks: false },
];

/** Words an English follow-up may end with ("And Zhejiang too?"). */
export const ENGLISH_FOLLOW_UP_ENDINGS: readonly string[] = ["then", "too", "instead", "as well", "again", "please"];

/** Words a Chinese follow-up opens with (那浙江呢？, 还有浙江呢？). */
export const CHINESE_FOLLOW_UP_OPENINGS: readonly FollowUpCue[] = [
  { text: "那么", marks: true },
  { text: "那", marks: true },
  { text: "还有", marks: true },
  { text: "另外", marks: true },
  { text: "同样", marks: true },
  { text: "换成", marks: true },
  { text: "改成", marks: true },
  { text: "再问一下", marks: false },
  { text: "又", marks: false },
  { text: "而", marks: false },
  { text: "谢谢", marks: false },
  { text: "好的", marks: false },
  { text: "明白了", marks: false },
  { text: "知道了", marks: false },
];

/** Words a Chinese follow-up ends with (…呢？, …怎么样？, …是多少？). */
export const CHINESE_FOLLOW_UP_ENDINGS: readonly FollowUpCue[] = [
  { text: "呢", marks: true },
  { text: "怎么样", marks: true },
  { text: "又如何", marks: true },
  { text: "如何", marks: true },
  { text: "又是多少", marks: false },
  { text: "是多少", marks: false },
];

/** What may stand between a follow-up's core and a marking ending (浙江的情况呢？). */
export const CHINESE_FOLLOW_UP_FILLERS: readonly string[] = ["的情况", "情况", "的"];

/** Verbs an English request opens with ("Tell me about Zhejiang", "List the new schools"): a request stands alone. */
export const ENGLISH_REQUEST_VERBS: ReadonlySet<string> = new Set(
  "tell show list give explain describe summarise summarize outline find name define compare quote".split(" "),
);

/** An English question word, and whether the noun it asks about may follow it ("how many kindergartens"). */
export interface EnglishQuestionWord {
  text: string;
  noun: boolean;
}

/** English question words a question opens with. */
export const ENGLISH_QUESTION_WORDS: readonly EnglishQuestionWord[] = [
  { text: "what percentage of", noun: true },
  { text: "what percent of", noun: true },
  { text: "what proportion of", noun: true },
  { text: "what share of", noun: true },
  { text: "what number of", noun: true },
  { text: "how many", noun: true },
  { text: "how much", noun: true },
  { text: "how long", noun: false },
  { text: "how often", noun: false },
  { text: "how big", noun: false },
  { text: "how large", noun: false },
  { text: "what", noun: true },
  { text: "which", noun: true },
  { text: "when", noun: false },
  { text: "where", noun: false },
  { text: "who", noun: false },
  { text: "whom", noun: false },
  { text: "whose", noun: false },
  { text: "why", noun: false },
  { text: "how", noun: false },
];

/**
 * English abbreviations joined by "&", which the dictionary files under what they stand for
 * (研发 "research and development"): the question is translated with them spelled out.
 */
export const AMPERSAND_ABBREVIATIONS: Readonly<Record<string, string>> = {
  "r&d": "research and development",
  "m&a": "mergers and acquisitions",
  "q&a": "questions and answers",
  "p&l": "profit and loss",
  "o&m": "operation and maintenance",
};

/** Chinese words that ask for two or more answers at once (门票和停车费分别是多少). */
export const CHINESE_EACH_CUES: readonly string[] = ["分别", "各是", "各为", "各自"];

/** Forms of "be" and "have": the auxiliaries of a verb group ("were built", "has opened"). */
export const ENGLISH_BE_HAVE: ReadonlySet<string> = new Set(["is", "are", "was", "were", "has", "have", "had", "be", "been", "being", "am"]);

/** Modal and "do" auxiliaries ("will open", "did record"). */
export const ENGLISH_MODALS: ReadonlySet<string> = new Set(["will", "would", "can", "could", "should", "shall", "might", "must", "do", "does", "did"]);

/** Pronouns that stand for what the previous question asked about ("What was it in 2023?"). */
export const ENGLISH_PRONOUNS: ReadonlySet<string> = new Set("it its they them their that this these those there one ones he she".split(" "));

/** Irregular past participles ("were built", "was spent"); regular ones end in -ed or -en. */
export const IRREGULAR_PARTICIPLES: ReadonlySet<string> = new Set(
  (
    "built spent held made done run grown given taken seen set cut paid bought sold won lost read met begun become kept left brought " +
    "taught found sent put shown known written drawn chosen hit let lent sunk struck spread laid led fed"
  ).split(" "),
);

/** Prepositions that open a phrase of a question ("for primary schools", "in Jiangsu"). */
export const ENGLISH_PREPOSITIONS: ReadonlySet<string> = new Set("in for on at by of from to during about with among across within under over".split(" "));

/** Prepositions a year may take ("in 2019", "since 2018"). */
export const YEAR_PREPOSITIONS: readonly string[] = ["in", "for", "during", "by", "of", "from", "since", "before", "after", "until", "over"];

const YEAR_PARTS = [
  "first half",
  "second half",
  "last half",
  "first quarter",
  "second quarter",
  "third quarter",
  "fourth quarter",
  "last quarter",
  "final quarter",
];

/** English parts of a year and rates per period ("first half", "per month"); months are periods too. */
export const ENGLISH_PERIODS: readonly string[] = [
  ...YEAR_PARTS.flatMap((part) => [`${part} of the year`, part]),
  "per year",
  "per month",
  "per week",
  "per day",
  "each year",
  "each month",
  "each week",
  "each day",
  "a year",
  "a month",
  "a week",
  "a day",
  "annually",
  "yearly",
  "monthly",
  "weekly",
  "daily",
];

const CHINESE_MONTH_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
const QUARTER_NUMBERS = ["一", "二", "三", "四", "1", "2", "3", "4"];

/** Chinese parts of a year and rates per period (上半年, 一季度, 每月, 3月). */
export const CHINESE_PERIODS: readonly string[] = [
  "上半年",
  "下半年",
  "全年",
  "前三季度",
  ...QUARTER_NUMBERS.flatMap((n) => [`第${n}季度`, `${n}季度`]),
  "每年",
  "每月",
  "每周",
  "每天",
  "每日",
  ...CHINESE_MONTH_NUMBERS.flatMap((n, i) => [`${n}月份`, `${n}月`, `${i + 1}月份`, `${i + 1}月`]),
];

/**
 * How a text states a bound, by direction: an English question's "maximum" or a Chinese one's
 * 最高 is met by a rule's 不得超过 or a range's 以下 ("处二万元以上十万元以下罚款" states the
 * maximum fine); "minimum" and 至少 by 不得低于 and 以上. (jieba cuts a question's 最多 into
 * 最 + 多, so that one counts only as a text's form.) Chinese forms are folded (simplified).
 */
export const BOUND_FORMS: ReadonlyArray<{ english: readonly string[]; chinese: readonly string[] }> = [
  { english: ["maximum", "max"], chinese: ["最多", "至多", "最高", "最长", "上限", "不得超过", "不超过", "以下", "以内"] },
  { english: ["minimum", "min"], chinese: ["至少", "最少", "最低", "最短", "下限", "不得低于", "不得少于", "不低于", "不少于", "以上"] },
];

/**
 * English words for the edge of a period ("the end of 2022", "the start of the year") and the
 * Chinese words reports use for it (年末, 年初): next to a period, "end" is not 截止 "deadline"
 * or 终端 "terminal", its first glosses.
 */
export const PERIOD_EDGES: ReadonlyArray<{ word: string; zh: readonly string[] }> = [
  { word: "end", zh: ["年末", "年底", "期末", "月底", "月末", "季末"] },
  { word: "close", zh: ["年末", "年底", "期末"] },
  { word: "beginning", zh: ["年初", "期初", "月初"] },
  { word: "start", zh: ["年初", "期初", "月初"] },
  { word: "middle", zh: ["年中", "中旬", "期中"] },
];

/** What may follow "end of" for it to be a period's edge: a year, a quarter, a month or a period word. */
export const PERIOD_EDGE_OBJECTS: readonly string[] = [
  ...["year", "quarter", "month", "period", "q1", "q2", "q3", "q4", "h1", "h2", "fiscal", "financial", "reporting"],
  ...["last", "this", "next", "current", "previous", "first", "second", "third", "fourth", "final"],
];

/** A relative year in both languages, to carry one across ("去年呢？" after an English question); the first pair of a word is its rendering. */
export const RELATIVE_YEAR_PAIRS: ReadonlyArray<{ zh: string; en: string }> = [
  { zh: "去年", en: "last year" },
  { zh: "今年", en: "this year" },
  { zh: "明年", en: "next year" },
  { zh: "前年", en: "the year before last" },
  { zh: "后年", en: "the year after next" },
  { zh: "去年", en: "previous year" },
  { zh: "去年", en: "past year" },
  { zh: "今年", en: "current year" },
  { zh: "明年", en: "coming year" },
  { zh: "上年度", en: "last year" },
  { zh: "上一年度", en: "last year" },
  { zh: "上年", en: "last year" },
  { zh: "本年度", en: "this year" },
  { zh: "本年", en: "this year" },
  { zh: "下一年度", en: "next year" },
  { zh: "下年度", en: "next year" },
  { zh: "过去一年", en: "past year" },
];

/**
 * Nouns that say whether a figure is planned or achieved (目标, 计划, 完成情况; "target", "results"):
 * a follow-up may swap one for another ("那计划呢？" after a question about a 目标).
 */
export const FRAME_NOUNS: Readonly<Record<"past" | "future", readonly string[]>> = {
  future: ["目标", "计划", "规划", "任务", "打算", "安排", "target", "targets", "goal", "goals", "plan", "plans", "aim", "aims"],
  past: ["完成情况", "实际", "成效", "成绩", "result", "results", "outcome", "outcomes"],
};

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Words an English name writes in lower case ("Ministry of Finance", "Bay of Bengal"). */
export const ENGLISH_NAME_PARTICLES: ReadonlySet<string> = new Set(["of", "the", "and", "for", "on", "in", "at", "de", "upon"]);

/**
 * Capitalised English words that name a kind of thing, not one thing ("the Bureau", "the City
 * Council"): institutions and administrative levels in general, and sentence words.
 */
export const GENERIC_CAPITALS: ReadonlySet<string> = new Set(
  (
    "i bureau city council department government university province provincial committee ministry state national " +
    "municipal report annual chinese english office center centre district county party the a an in of what how when " +
    "where which who why article section chapter act law regulation regulations rules ordinance court people's people"
  ).split(" "),
);

/** What follows a place in the name of its government (香港政府, 北京市人民政府), folded: the place is what such a name binds to. */
export const GOVERNMENT_HEADS: readonly string[] = ["特别行政区政府", "特区政府", "人民政府", "政府", "当局"];

/**
 * A state's official name and the short names it is asked by, folded: a national law says
 * 中华人民共和国 (or 中華民國) where a question says China (or Taiwan).
 */
export const OFFICIAL_PLACE_NAMES: Readonly<Record<string, readonly string[]>> = {
  中华人民共和国: ["中国", "china"],
  中华民国: ["台湾", "taiwan"],
};

/** English adjectives of place that name their place ("a Taiwanese citizen"), with its forms; not language names such as Chinese. */
export const PLACE_DEMONYMS: Readonly<Record<string, readonly string[]>> = {
  taiwanese: ["taiwan", "台湾"],
  macanese: ["macau", "澳门"],
  singaporean: ["singapore", "新加坡"],
  hongkonger: ["hong kong", "香港"],
};

/** Endings of organisation names (市绿化市容部门, 内政部, Immigration Department): what a "who / which body" answer names. */
export const ORGANISATION_ENDINGS: readonly string[] = [
  "部门",
  "部",
  "局",
  "厅",
  "委员会",
  "委",
  "办公室",
  "政府",
  "法院",
  "检察院",
  "署",
  "处",
  "院",
  "会",
  "中心",
  "公司",
  "集团",
  "department",
  "ministry",
  "bureau",
  "office",
  "council",
  "committee",
  "commission",
  "authority",
  "agency",
  "administration",
  "court",
  "board",
  "secretary",
  "director",
  "minister",
  "manager",
  "company",
  "corporation",
];

/**
 * Administrative units that make a name of the word before them (陕西 + 省, 香港 + 特别行政区), and
 * geographic features (密云 + 水库): a place binds with or without them (广东省 → 广东).
 */
export const PLACE_SUFFIXES: readonly string[] = [
  "特别行政区",
  "自治区",
  "自治州",
  "自治县",
  "新区",
  "地区",
  "街道",
  "水库",
  "省",
  "市",
  "区",
  "县",
  "州",
  "盟",
  "旗",
  "镇",
  "乡",
  "村",
  "湖",
  "岛",
  "湾",
  "山",
];

/** Administrative words an English rendering of a Chinese place ends with ("Beijing Municipality"): a question names the place without them. */
export const ENGLISH_PLACE_GLOSS_SUFFIXES: readonly string[] = [
  "municipality",
  "province",
  "city",
  "county",
  "autonomous region",
  "island",
  "borough",
  "district",
  "prefecture",
  "township",
  "state",
];

// ---------------------------------------------------------------------------------------------
// Dictionary labels (CC-CEDICT glosses)
// ---------------------------------------------------------------------------------------------

/** Labels of a CC-CEDICT gloss that mark a sense as archaic or literary. */
export const CEDICT_ARCHAIC_LABELS: readonly string[] = ["archaic", "old", "obsolete", "classical", "literary", "ancient", "historical", "in former times"];

/** Labels of a CC-CEDICT gloss that mark a sense as regional (Taiwan, Hong Kong, a dialect). */
export const CEDICT_REGIONAL_LABELS: readonly string[] = [
  "tw",
  "taiwan",
  "hk",
  "hong kong",
  "cantonese",
  "dialect",
  "singapore",
  "malaysia",
  "macao",
  "macau",
  "hokkien",
  "shanghainese",
  "northeastern",
];

/** Labels of a CC-CEDICT gloss that mark a sense as slang, colloquial or jocular. */
export const CEDICT_SLANG_LABELS: readonly string[] = [
  "slang",
  "vulgar",
  "coll.",
  "colloquial",
  "derog.",
  "derogatory",
  "euphemism",
  "humorous",
  "jocular",
  "netspeak",
  "acg",
  "loanword",
];

/** The label of a CC-CEDICT gloss that marks a sense as an idiom (chengyu). */
export const CEDICT_IDIOM_LABELS: readonly string[] = ["idiom"];

// ---------------------------------------------------------------------------------------------
// Documents: titles, page chrome, names in English prose (used by ingestion)
// ---------------------------------------------------------------------------------------------

/**
 * Words that say what kind of document it is (jieba words and lower-case English words): a title
 * made of these alone (政府工作报告, "Annual Report") says nothing about whose document it is.
 */
/** Headings of a table of contents (folded, spaces removed): never a document's title. */
export const CONTENTS_HEADINGS: readonly string[] = ["目录", "目次", "contents", "content", "tableofcontents"];

/**
 * Headings of a book's or report's front and back matter (folded, spaces removed): they name a
 * part every such document has, never the document (a manual whose first heading is 前言).
 */
export const FRONT_MATTER_HEADINGS: readonly string[] = [
  "前言",
  "序",
  "序言",
  "自序",
  "引言",
  "导言",
  "绪论",
  "摘要",
  "致谢",
  "鸣谢",
  "特别感谢",
  "作者",
  "作者简介",
  "出版资讯",
  "出版信息",
  "出版说明",
  "版权声明",
  "编写说明",
  "preface",
  "foreword",
  "introduction",
  "abstract",
  "acknowledgements",
  "acknowledgments",
  "abouttheauthors",
  "abouttheauthor",
];

/** Field labels a document may put before its own name ("法規名稱：公寓大廈管理條例", "Project Name: …"), folded. */
export const TITLE_LABELS: readonly string[] = ["法规名称", "名称", "标题", "题目", "project name", "project title", "title", "name of document"];

export const TITLE_GENRE_WORDS: ReadonlySet<string> = new Set(
  (
    "政府 人民政府 工作 报告 议程 会议 纪要 公报 统计 国民经济 社会 发展 计划 预算 决算 草案 执行 情况 规划 纲要 通知 公告 通告 决定 意见 " +
    "办法 规定 条例 实施 细则 方案 年度 总结 讲话 致辞 说明 年报 简报 白皮书 文件 答复 提案 议案 建议 意见书 政策 章程 名单 目录 关于 的 和 与 " +
    "及 年 月 日 第 次 届 大会 全体 常务 委员会 人民代表大会 常委会 市 省 区 县 本 年度报告 工作报告 政府工作报告 统计公报 " +
    "annual report agenda minutes meeting statistical statistics bulletin communique budget plan notice press release statement speech " +
    "government work regulation regulations rules order policy the of and for on a an year summary review council"
  ).split(" "),
);

/** Words a document's name ends with when it names its genre (条例, 议程, Directive): the strongest sign of a title line. */
export const TITLE_GENRE_ENDINGS: readonly string[] = [
  "报告",
  "议程",
  "纪要",
  "公报",
  "条例",
  "办法",
  "规定",
  "通知",
  "公告",
  "决定",
  "意见",
  "意见书",
  "方案",
  "规划",
  "纲要",
  "法",
  "案",
  "判决书",
  "裁定书",
  "讲话",
  "章程",
  "细则",
  "标准",
  "白皮书",
  "年报",
  "report",
  "agenda",
  "minutes",
  "bulletin",
  "communique",
  "regulation",
  "regulations",
  "act",
  "directive",
  "directives",
  "rule",
  "rules",
  "order",
  "notice",
  "statement",
  "speech",
  "plan",
  "policy",
  "budget",
  "guidelines",
  "standard",
];

/** Titles a template or a converter leaves in file metadata ("Untitled", "Document1"): never the document's title. */
export const PLACEHOLDER_TITLES: readonly string[] = ["untitled", "unknown", "title", "document"];

/**
 * The words of a page-number line, a running header or footer and never content: "Page 1 of 4",
 * "pg. 3" (a page word, the number, a total word and the total), and 第1页, 共4页 (an ordinal or a
 * total before the number, the page unit after it).
 */
export const PAGE_NUMBER_WORDS = {
  page: ["page", "pg"],
  total: ["of"],
  chineseOrdinal: "第",
  chineseTotal: "共",
  chineseUnit: "页",
} as const;

/** Page-chrome vocabulary of Chinese and English sites: a line outside the body that says one of these is boilerplate. */
export const PAGE_BOILERPLATE: readonly string[] = [
  "版权",
  "免责",
  "声明",
  "转载",
  "来源:",
  "来源：",
  "原文链接",
  "链接地址",
  "本文链接",
  "关键词",
  "关键字",
  "责任编辑",
  "上一篇",
  "下一篇",
  "相关阅读",
  "相关推荐",
  "相关文章",
  "推荐专题",
  "热门文章",
  "扫一扫",
  "二维码",
  "分享到",
  "联系我们",
  "网站地图",
  "备案",
  "icp",
  "copyright",
  "©",
  "all rights reserved",
  "disclaimer",
  "privacy policy",
  "terms of use",
  "share this",
  "related articles",
  "read more",
  "subscribe",
  "cookies",
  "整理提供",
  "网友提供",
  "网络整理",
  // Accessibility skip links ("Skip to main content", 跳至主要內容) head and close many pages.
  "skip to content",
  "skip to main content",
  "skip to navigation",
  "跳至主要内容",
  "跳到主要内容",
  "跳过导航",
  // "This website provides…" disclaimers and "back to top" links close pages.
  "本网站",
  "this website",
  "返回顶部",
  "回到顶部",
  "回上方",
  "back to top",
];

/** Labels a collector writes above a page it saved (when it fetched it, what the server said): "Fetched:", "HTTP status:", 抓取时间. */
export const CRAWL_LABELS: readonly string[] = [
  "fetched",
  "retrieved",
  "accessed",
  "downloaded",
  "crawled",
  "scraped",
  "archived",
  "http status",
  "status code",
  "content-type",
  "抓取时间",
  "采集时间",
  "爬取时间",
  "下载时间",
];

/** Vowels with a pinyin tone mark: a reading in brackets needs one (or a tone digit) to count as pinyin. */
export const PINYIN_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

/** Pinyin initials (the consonants a syllable may open with). */
export const PINYIN_INITIALS: readonly string[] = ["zh", "ch", "sh", ..."bpmfdtnlgkhjqxrzcsyw"];

/** Pinyin finals (what follows the initial), longest first. */
export const PINYIN_FINALS: readonly string[] =
  "iang iong uang ang eng ing ong ian iao uai uan van üan ai ei ao ou an en in un ün vn ia ie iu ua uo ui üe ue ve er a o e i u ü v ng n m".split(" ");

/** English words that end the name of a body (Federal Aviation Administration, Court of Turkey): general vocabulary of institutions. */
export const ENGLISH_ORGANISATION_HEADS: ReadonlySet<string> = new Set(
  (
    "administration agency authority association bank board bureau centre center commission committee company corporation corp council court " +
    "department foundation fund government group inc institute institution league ltd ministry office organization organisation parliament " +
    "party secretariat service services society tribunal union university college school assembly congress senate police force airlines " +
    "airways federation alliance network branch division"
  ).split(" "),
);

/** English words that end the name of a place (Quezon City, Hainan Province, Solomon Islands). */
export const ENGLISH_PLACE_HEADS: ReadonlySet<string> = new Set(
  "city province state states county island islands republic kingdom region district territory bay valley coast peninsula".split(" "),
);

/** English words that name the parts of a document (Table 3, Section 2, Annex): capitalised, but not names. */
export const DOCUMENT_PART_WORDS: readonly string[] =
  "table figure note notes section part chapter article schedule appendix annex item paragraph page pages q faq".split(" ");

/**
 * What makes a number a reference, not a quantity: 第 before it (第五款, 第4条) or a document-part
 * word ("section 1203", "Article 7", "No. 3"). "What score…" is not answered by 第一項第五款.
 */
export const REFERENCE_MARKERS = {
  chineseOrdinal: PAGE_NUMBER_WORDS.chineseOrdinal,
  english: [...DOCUMENT_PART_WORDS, "no", "nos", "art", "sec", "cap", "rule", "clause", "title"],
} as const;

/**
 * Abbreviations whose full stop ends no sentence ("e.g.", "Dr. Lee", "Acme Co. Ltd.", "St. Paul's"),
 * lower case: sentence boundaries and titles both read them.
 */
export const STOP_ABBREVIATIONS: readonly string[] =
  "e.g i.e etc vs mr mrs ms dr prof no fig p pp vol cf approx inc ltd co corp plc st mt jr sr dept univ assn bros u.s a.m p.m".split(" ");

/** English titles and posts of people (Mr, Dr, Minister, Director): capitalised, but not names of places or bodies. */
export const PERSON_TITLES: readonly string[] =
  "mr mrs ms dr prof professor hon sir madam senator minister president chairman chair judge justice governor mayor secretary director officer".split(" ");

/** Capitalised English words that are not names in prose: calendar words, parts of documents, titles of people. */
export const CAPITALISED_NON_NAMES: ReadonlySet<string> = new Set([...ENGLISH_MONTHS, ...ENGLISH_WEEKDAYS, ...DOCUMENT_PART_WORDS, ...PERSON_TITLES]);

/** English words that end the name of a text rather than a place or a body ("the Federal Register", "under the Act"). */
export const ENGLISH_WORK_HEADS: ReadonlySet<string> = new Set(
  "register journal gazette report act code rule rules regulation regulations directive directives bulletin manual plan policy law order procedure procedures subtitle title system systems".split(
    " ",
  ),
);

/** Endings of English adjectives of peoples ("Indonesian authorities", "Turkish government"): such a word is not a place. */
export const DEMONYM_ENDINGS: readonly string[] = ["ian", "ese", "ish"];

/** English prepositions after which a capitalised name is a place ("in Jamaica", "across the Philippines"). */
export const LOCATIVE_PREPOSITIONS: readonly string[] = ["in", "across", "throughout", "within", "inside", "outside", "around", "near", "from"];

/** English words that join the capitalised words of one name ("Ministry of Finance", "Bureau for Trade & Industry"). */
export const ENGLISH_NAME_CONNECTORS: readonly string[] = ["of", "the", "and", "for", "&"];

/** Particles of names from other European languages that English prose keeps in lower case (Banque de France, van Gogh). */
export const FOREIGN_NAME_PARTICLES: readonly string[] = ["de", "du", "la", "van", "von"];

// ---------------------------------------------------------------------------------------------
// Pattern helpers (every rule builds its patterns from the tables above)
// ---------------------------------------------------------------------------------------------

/** A pattern matching any of the phrases, English ones on word boundaries, longest first. */
export function phrasePattern(phrases: readonly string[], flags = "u"): RegExp {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  const parts = sorted.map((p) => (/^[a-z]/i.test(p) ? `\\b${escapeRegExp(p).replace(/ /g, "\\s+")}\\b` : escapeRegExp(p)));
  return new RegExp(parts.join("|"), flags);
}

/** A character class of single characters. */
export function charClass(chars: Iterable<string>): string {
  return `[${[...chars].map(escapeRegExp).join("")}]`;
}

/** Marks at which a Chinese sentence divides into clauses that each state their own fact. */
export const CLAUSE_BREAK_CHARS = "，；;：";
