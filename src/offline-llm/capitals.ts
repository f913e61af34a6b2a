/**
 * Countries the offline model knows the capital of: the name as the answer
 * writes it, then the capital. Lookups ignore case and a leading "the".
 */
const CAPITALS: readonly (readonly [country: string, capital: string])[] = [
  ['Afghanistan', 'Kabul'],
  ['Albania', 'Tirana'],
  ['Algeria', 'Algiers'],
  ['Argentina', 'Buenos Aires'],
  ['Armenia', 'Yerevan'],
  ['Australia', 'Canberra'],
  ['Austria', 'Vienna'],
  ['Bangladesh', 'Dhaka'],
  ['Belgium', 'Brussels'],
  ['Bolivia', 'Sucre'],
  ['Brazil', 'Brasília'],
  ['Bulgaria', 'Sofia'],
  ['Canada', 'Ottawa'],
  ['Chile', 'Santiago'],
  ['China', 'Beijing'],
  ['Colombia', 'Bogotá'],
  ['Croatia', 'Zagreb'],
  ['Cuba', 'Havana'],
  ['the Czech Republic', 'Prague'],
  ['Denmark', 'Copenhagen'],
  ['Egypt', 'Cairo'],
  ['Estonia', 'Tallinn'],
  ['Ethiopia', 'Addis Ababa'],
  ['Finland', 'Helsinki'],
  ['France', 'Paris'],
  ['Georgia', 'Tbilisi'],
  ['Germany', 'Berlin'],
  ['Ghana', 'Accra'],
  ['Greece', 'Athens'],
  ['Hungary', 'Budapest'],
  ['Iceland', 'Reykjavík'],
  ['India', 'New Delhi'],
  ['Indonesia', 'Jakarta'],
  ['Iran', 'Tehran'],
  ['Iraq', 'Baghdad'],
  ['Ireland', 'Dublin'],
  ['Israel', 'Jerusalem'],
  ['Italy', 'Rome'],
  ['Jamaica', 'Kingston'],
  ['Japan', 'Tokyo'],
  ['Jordan', 'Amman'],
  ['Kenya', 'Nairobi'],
  ['Latvia', 'Riga'],
  ['Lebanon', 'Beirut'],
  ['Lithuania', 'Vilnius'],
  ['Luxembourg', 'Luxembourg'],
  ['Malaysia', 'Kuala Lumpur'],
  ['Mexico', 'Mexico City'],
  ['Mongolia', 'Ulaanbaatar'],
  ['Morocco', 'Rabat'],
  ['Nepal', 'Kathmandu'],
  ['the Netherlands', 'Amsterdam'],
  ['New Zealand', 'Wellington'],
  ['Nigeria', 'Abuja'],
  ['Norway', 'Oslo'],
  ['Pakistan', 'Islamabad'],
  ['Peru', 'Lima'],
  ['the Philippines', 'Manila'],
  ['Poland', 'Warsaw'],
  ['Portugal', 'Lisbon'],
  ['Romania', 'Bucharest'],
  ['Russia', 'Moscow'],
  ['Saudi Arabia', 'Riyadh'],
  ['Senegal', 'Dakar'],
  ['Serbia', 'Belgrade'],
  ['Singapore', 'Singapore'],
  ['Slovakia', 'Bratislava'],
  ['Slovenia', 'Ljubljana'],
  ['South Africa', 'Pretoria'],
  ['South Korea', 'Seoul'],
  ['Spain', 'Madrid'],
  ['Sweden', 'Stockholm'],
  ['Switzerland', 'Bern'],
  ['Thailand', 'Bangkok'],
  ['Tunisia', 'Tunis'],
  ['Turkey', 'Ankara'],
  ['Ukraine', 'Kyiv'],
  ['the United Kingdom', 'London'],
  ['the United States', 'Washington, D.C.'],
  ['Uruguay', 'Montevideo'],
  ['Venezuela', 'Caracas'],
  ['Vietnam', 'Hanoi'],
];

/** Other names people use for a country in the table. */
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
};

function key(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ');
}

const BY_KEY = new Map<string, readonly [string, string]>(
  CAPITALS.map((entry) => [key(entry[0]), entry]),
);

/** The country's name as answers write it and its capital, or null when unknown. */
export function lookUpCapital(country: string): { country: string; capital: string } | null {
  const alias = ALIASES[key(country)];
  const entry = BY_KEY.get(key(alias ?? country));
  return entry ? { country: entry[0], capital: entry[1] } : null;
}

/** How many countries the table holds. */
export const CAPITAL_COUNT = CAPITALS.length;
