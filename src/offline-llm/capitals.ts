/**
 * Countries the offline model knows the capital of, in English and in Japanese: the
 * country's name as an answer writes it, then its capital, in each language. Lookups
 * ignore case and a leading "the".
 */

/** One row of the table: English country and capital, then Japanese country and capital. */
type CapitalEntry = readonly [
  country: string,
  capital: string,
  countryJa: string,
  capitalJa: string,
];

const CAPITALS: readonly CapitalEntry[] = [
  ['Afghanistan', 'Kabul', 'アフガニスタン', 'カブール'],
  ['Albania', 'Tirana', 'アルバニア', 'ティラナ'],
  ['Algeria', 'Algiers', 'アルジェリア', 'アルジェ'],
  ['Argentina', 'Buenos Aires', 'アルゼンチン', 'ブエノスアイレス'],
  ['Armenia', 'Yerevan', 'アルメニア', 'エレバン'],
  ['Australia', 'Canberra', 'オーストラリア', 'キャンベラ'],
  ['Austria', 'Vienna', 'オーストリア', 'ウィーン'],
  ['Bangladesh', 'Dhaka', 'バングラデシュ', 'ダッカ'],
  ['Belgium', 'Brussels', 'ベルギー', 'ブリュッセル'],
  ['Bolivia', 'Sucre', 'ボリビア', 'スクレ'],
  ['Brazil', 'Brasília', 'ブラジル', 'ブラジリア'],
  ['Bulgaria', 'Sofia', 'ブルガリア', 'ソフィア'],
  ['Canada', 'Ottawa', 'カナダ', 'オタワ'],
  ['Chile', 'Santiago', 'チリ', 'サンティアゴ'],
  ['China', 'Beijing', '中国', '北京'],
  ['Colombia', 'Bogotá', 'コロンビア', 'ボゴタ'],
  ['Croatia', 'Zagreb', 'クロアチア', 'ザグレブ'],
  ['Cuba', 'Havana', 'キューバ', 'ハバナ'],
  ['the Czech Republic', 'Prague', 'チェコ', 'プラハ'],
  ['Denmark', 'Copenhagen', 'デンマーク', 'コペンハーゲン'],
  ['Egypt', 'Cairo', 'エジプト', 'カイロ'],
  ['Estonia', 'Tallinn', 'エストニア', 'タリン'],
  ['Ethiopia', 'Addis Ababa', 'エチオピア', 'アディスアベバ'],
  ['Finland', 'Helsinki', 'フィンランド', 'ヘルシンキ'],
  ['France', 'Paris', 'フランス', 'パリ'],
  ['Georgia', 'Tbilisi', 'ジョージア', 'トビリシ'],
  ['Germany', 'Berlin', 'ドイツ', 'ベルリン'],
  ['Ghana', 'Accra', 'ガーナ', 'アクラ'],
  ['Greece', 'Athens', 'ギリシャ', 'アテネ'],
  ['Hungary', 'Budapest', 'ハンガリー', 'ブダペスト'],
  ['Iceland', 'Reykjavík', 'アイスランド', 'レイキャビク'],
  ['India', 'New Delhi', 'インド', 'ニューデリー'],
  ['Indonesia', 'Jakarta', 'インドネシア', 'ジャカルタ'],
  ['Iran', 'Tehran', 'イラン', 'テヘラン'],
  ['Iraq', 'Baghdad', 'イラク', 'バグダッド'],
  ['Ireland', 'Dublin', 'アイルランド', 'ダブリン'],
  ['Israel', 'Jerusalem', 'イスラエル', 'エルサレム'],
  ['Italy', 'Rome', 'イタリア', 'ローマ'],
  ['Jamaica', 'Kingston', 'ジャマイカ', 'キングストン'],
  ['Japan', 'Tokyo', '日本', '東京'],
  ['Jordan', 'Amman', 'ヨルダン', 'アンマン'],
  ['Kenya', 'Nairobi', 'ケニア', 'ナイロビ'],
  ['Latvia', 'Riga', 'ラトビア', 'リガ'],
  ['Lebanon', 'Beirut', 'レバノン', 'ベイルート'],
  ['Lithuania', 'Vilnius', 'リトアニア', 'ビリニュス'],
  ['Luxembourg', 'Luxembourg', 'ルクセンブルク', 'ルクセンブルク'],
  ['Malaysia', 'Kuala Lumpur', 'マレーシア', 'クアラルンプール'],
  ['Mexico', 'Mexico City', 'メキシコ', 'メキシコシティ'],
  ['Mongolia', 'Ulaanbaatar', 'モンゴル', 'ウランバートル'],
  ['Morocco', 'Rabat', 'モロッコ', 'ラバト'],
  ['Nepal', 'Kathmandu', 'ネパール', 'カトマンズ'],
  ['the Netherlands', 'Amsterdam', 'オランダ', 'アムステルダム'],
  ['New Zealand', 'Wellington', 'ニュージーランド', 'ウェリントン'],
  ['Nigeria', 'Abuja', 'ナイジェリア', 'アブジャ'],
  ['Norway', 'Oslo', 'ノルウェー', 'オスロ'],
  ['Pakistan', 'Islamabad', 'パキスタン', 'イスラマバード'],
  ['Peru', 'Lima', 'ペルー', 'リマ'],
  ['the Philippines', 'Manila', 'フィリピン', 'マニラ'],
  ['Poland', 'Warsaw', 'ポーランド', 'ワルシャワ'],
  ['Portugal', 'Lisbon', 'ポルトガル', 'リスボン'],
  ['Romania', 'Bucharest', 'ルーマニア', 'ブカレスト'],
  ['Russia', 'Moscow', 'ロシア', 'モスクワ'],
  ['Saudi Arabia', 'Riyadh', 'サウジアラビア', 'リヤド'],
  ['Senegal', 'Dakar', 'セネガル', 'ダカール'],
  ['Serbia', 'Belgrade', 'セルビア', 'ベオグラード'],
  ['Singapore', 'Singapore', 'シンガポール', 'シンガポール'],
  ['Slovakia', 'Bratislava', 'スロバキア', 'ブラチスラバ'],
  ['Slovenia', 'Ljubljana', 'スロベニア', 'リュブリャナ'],
  ['South Africa', 'Pretoria', '南アフリカ', 'プレトリア'],
  ['South Korea', 'Seoul', '韓国', 'ソウル'],
  ['Spain', 'Madrid', 'スペイン', 'マドリード'],
  ['Sweden', 'Stockholm', 'スウェーデン', 'ストックホルム'],
  ['Switzerland', 'Bern', 'スイス', 'ベルン'],
  ['Thailand', 'Bangkok', 'タイ', 'バンコク'],
  ['Tunisia', 'Tunis', 'チュニジア', 'チュニス'],
  ['Turkey', 'Ankara', 'トルコ', 'アンカラ'],
  ['Ukraine', 'Kyiv', 'ウクライナ', 'キーウ'],
  ['the United Kingdom', 'London', 'イギリス', 'ロンドン'],
  ['the United States', 'Washington, D.C.', 'アメリカ合衆国', 'ワシントンD.C.'],
  ['Uruguay', 'Montevideo', 'ウルグアイ', 'モンテビデオ'],
  ['Venezuela', 'Caracas', 'ベネズエラ', 'カラカス'],
  ['Vietnam', 'Hanoi', 'ベトナム', 'ハノイ'],
];

/** Other names people use for a country in the table, in either language. */
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'the United States',
  us: 'the United States',
  america: 'the United States',
  'united states of america': 'the United States',
  uk: 'the United Kingdom',
  britain: 'the United Kingdom',
  'great britain': 'the United Kingdom',
  england: 'the United Kingdom',
  holland: 'the Netherlands',
  czechia: 'the Czech Republic',
  korea: 'South Korea',
  'republic of korea': 'South Korea',
  türkiye: 'Turkey',
  turkiye: 'Turkey',
  アメリカ: 'the United States',
  米国: 'the United States',
  合衆国: 'the United States',
  英国: 'the United Kingdom',
  連合王国: 'the United Kingdom',
  イングランド: 'the United Kingdom',
  中華人民共和国: 'China',
  大韓民国: 'South Korea',
  日本国: 'Japan',
  ロシア連邦: 'Russia',
  チェコ共和国: 'the Czech Republic',
  南アフリカ共和国: 'South Africa',
  豪州: 'Australia',
  ギリシア: 'Greece',
  グルジア: 'Georgia',
  ラトヴィア: 'Latvia',
  ルクセンブルグ: 'Luxembourg',
  スロヴァキア: 'Slovakia',
  スロヴェニア: 'Slovenia',
  ヴェトナム: 'Vietnam',
  テュルキエ: 'Turkey',
  トルコ共和国: 'Turkey',
};

/** A country the model knows, with its capital, as answers write them in each language. */
export interface Capital {
  country: string;
  capital: string;
  /** The country's name in Japanese answers. */
  countryJa: string;
  /** The capital's name in Japanese answers. */
  capitalJa: string;
}

/** The lookup key of a name: lower case, single spaces, no leading "the". */
function key(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ');
}

const BY_KEY = new Map<string, CapitalEntry>();
for (const entry of CAPITALS) {
  BY_KEY.set(key(entry[0]), entry);
  BY_KEY.set(key(entry[2]), entry);
}

/**
 * The country asked about and its capital, in both languages, or null when unknown. `country`
 * may be any name of the table or an alias, in English or in Japanese.
 */
export function lookUpCapital(country: string): Capital | null {
  const asked = key(country);
  const alias = ALIASES[asked];
  const entry = BY_KEY.get(alias === undefined ? asked : key(alias));
  if (entry === undefined) return null;
  const [name, capital, countryJa, capitalJa] = entry;
  return { country: name, capital, countryJa, capitalJa };
}

/** Every country of the table, in its order. */
export function knownCapitals(): Capital[] {
  return CAPITALS.map(([country, capital, countryJa, capitalJa]) => ({
    country,
    capital,
    countryJa,
    capitalJa,
  }));
}

/** How many countries the table holds. */
export const CAPITAL_COUNT = CAPITALS.length;
