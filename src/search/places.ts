// A small gazetteer of the places questions about Chinese and English reports name most: China's
// provinces and regions, its larger cities, and a few countries, each in English (with common
// variants) and in simplified Chinese (traditional text is folded before matching). Follow-up
// questions use it to tell a place from a subject ("What about Zhejiang?", "那广东呢？") and to
// carry a place into the previous question's language.

/** A place: its English names (the first is the display name) and its simplified Chinese name. */
export interface Place {
  en: readonly string[];
  zh: string;
}

const ROWS: readonly (readonly [string, string])[] = [
  // Province-level divisions.
  ["Beijing|Peking", "北京"],
  ["Tianjin", "天津"],
  ["Hebei", "河北"],
  ["Shanxi", "山西"],
  ["Inner Mongolia|Nei Mongol", "内蒙古"],
  ["Liaoning", "辽宁"],
  ["Jilin", "吉林"],
  ["Heilongjiang", "黑龙江"],
  ["Shanghai", "上海"],
  ["Jiangsu", "江苏"],
  ["Zhejiang", "浙江"],
  ["Anhui", "安徽"],
  ["Fujian", "福建"],
  ["Jiangxi", "江西"],
  ["Shandong", "山东"],
  ["Henan", "河南"],
  ["Hubei", "湖北"],
  ["Hunan", "湖南"],
  ["Guangdong|Canton", "广东"],
  ["Guangxi", "广西"],
  ["Hainan", "海南"],
  ["Chongqing", "重庆"],
  ["Sichuan", "四川"],
  ["Guizhou", "贵州"],
  ["Yunnan", "云南"],
  ["Tibet|Xizang", "西藏"],
  ["Shaanxi", "陕西"],
  ["Gansu", "甘肃"],
  ["Qinghai", "青海"],
  ["Ningxia", "宁夏"],
  ["Xinjiang", "新疆"],
  ["Hong Kong", "香港"],
  ["Macau|Macao", "澳门"],
  ["Taiwan", "台湾"],
  // Larger cities.
  ["Guangzhou", "广州"],
  ["Shenzhen", "深圳"],
  ["Hangzhou", "杭州"],
  ["Nanjing", "南京"],
  ["Suzhou", "苏州"],
  ["Wuxi", "无锡"],
  ["Ningbo", "宁波"],
  ["Wenzhou", "温州"],
  ["Wuhan", "武汉"],
  ["Changsha", "长沙"],
  ["Huaihua", "怀化"],
  ["Chengdu", "成都"],
  ["Xi'an|Xian", "西安"],
  ["Zhengzhou", "郑州"],
  ["Jinan", "济南"],
  ["Qingdao", "青岛"],
  ["Dalian", "大连"],
  ["Shenyang", "沈阳"],
  ["Harbin", "哈尔滨"],
  ["Changchun", "长春"],
  ["Shijiazhuang", "石家庄"],
  ["Taiyuan", "太原"],
  ["Hefei", "合肥"],
  ["Fuzhou", "福州"],
  ["Xiamen|Amoy", "厦门"],
  ["Nanchang", "南昌"],
  ["Nanning", "南宁"],
  ["Haikou", "海口"],
  ["Kunming", "昆明"],
  ["Guiyang", "贵阳"],
  ["Lanzhou", "兰州"],
  ["Urumqi", "乌鲁木齐"],
  ["Lhasa", "拉萨"],
  ["Hohhot", "呼和浩特"],
  ["Dongguan", "东莞"],
  ["Foshan", "佛山"],
  ["Zhuhai", "珠海"],
  ["Taipei", "台北"],
  ["Kaohsiung", "高雄"],
  // Countries.
  ["China", "中国"],
  ["Japan", "日本"],
  ["South Korea|Korea", "韩国"],
  ["Singapore", "新加坡"],
  ["Malaysia", "马来西亚"],
  ["Vietnam", "越南"],
  ["Thailand", "泰国"],
  ["India", "印度"],
  ["Russia", "俄罗斯"],
  ["Germany", "德国"],
  ["France", "法国"],
  ["Italy", "意大利"],
  ["Spain", "西班牙"],
  ["United Kingdom|Britain|UK", "英国"],
  ["United States|USA|US|America", "美国"],
  ["Canada", "加拿大"],
  ["Australia", "澳大利亚"],
  ["New Zealand", "新西兰"],
];

/** Every place of the gazetteer. */
export const PLACES: readonly Place[] = ROWS.map(([en, zh]) => ({ en: en.split("|"), zh }));

/** A place named in a text: where, and which. */
export interface PlaceMatch {
  start: number;
  end: number;
  place: Place;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longest names first, so a longer name wins over a shorter one at the same place.
const ENGLISH = new RegExp(
  `\\b(${PLACES.flatMap((p) => p.en)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|")})\\b`,
  "g",
);
const CHINESE = new RegExp(
  `(${PLACES.map((p) => p.zh)
    .sort((a, b) => b.length - a.length)
    .join("|")})`,
  "g",
);
const BY_NAME = new Map<string, Place>(PLACES.flatMap((p) => [[p.zh, p] as const, ...p.en.map((e) => [e.toLowerCase(), p] as const)]));

/**
 * The places a text names. English names match with their capitals as written (so "us" the
 * pronoun is no country); Chinese names match in `simplified`, a character-for-character
 * simplified copy of the text (offsets are shared).
 */
export function findPlaces(text: string, simplified: string = text): PlaceMatch[] {
  const out: PlaceMatch[] = [];
  for (const m of text.matchAll(ENGLISH)) {
    const place = BY_NAME.get(m[0].toLowerCase());
    if (place) out.push({ start: m.index, end: m.index + m[0].length, place });
  }
  for (const m of simplified.matchAll(CHINESE)) {
    const place = BY_NAME.get(m[0]);
    if (place) out.push({ start: m.index, end: m.index + m[0].length, place });
  }
  return out.sort((a, b) => a.start - b.start);
}
