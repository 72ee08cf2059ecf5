import type { Kommunekode, Municipality } from './municipality';

/**
 * All 98 Danish municipalities (since the 2007 reform) with their kommunekoder from Danmarks Statistik.
 * Votes are cast by municipalities (domain.md "Change requests and voting"), so the directory must be complete;
 * Christiansø (411) is not a municipality and is left out. Names are the short names used in everyday
 * speech (“Aarhus”); `officialName` gives the legal form (“Aarhus Kommune”).
 */
export const MUNICIPALITIES: readonly Municipality[] = Object.freeze([
  // Region Hovedstaden
  { code: '101', name: 'København' },
  { code: '147', name: 'Frederiksberg' },
  { code: '151', name: 'Ballerup' },
  { code: '153', name: 'Brøndby' },
  { code: '155', name: 'Dragør' },
  { code: '157', name: 'Gentofte' },
  { code: '159', name: 'Gladsaxe' },
  { code: '161', name: 'Glostrup' },
  { code: '163', name: 'Herlev' },
  { code: '165', name: 'Albertslund' },
  { code: '167', name: 'Hvidovre' },
  { code: '169', name: 'Høje-Taastrup' },
  { code: '173', name: 'Lyngby-Taarbæk' },
  { code: '175', name: 'Rødovre' },
  { code: '183', name: 'Ishøj' },
  { code: '185', name: 'Tårnby' },
  { code: '187', name: 'Vallensbæk' },
  { code: '190', name: 'Furesø' },
  { code: '201', name: 'Allerød' },
  { code: '210', name: 'Fredensborg' },
  { code: '217', name: 'Helsingør' },
  { code: '219', name: 'Hillerød' },
  { code: '223', name: 'Hørsholm' },
  { code: '230', name: 'Rudersdal' },
  { code: '240', name: 'Egedal' },
  { code: '250', name: 'Frederikssund' },
  { code: '260', name: 'Halsnæs' },
  { code: '270', name: 'Gribskov' },
  { code: '400', name: 'Bornholm' },
  // Region Sjælland
  { code: '253', name: 'Greve' },
  { code: '259', name: 'Køge' },
  { code: '265', name: 'Roskilde' },
  { code: '269', name: 'Solrød' },
  { code: '306', name: 'Odsherred' },
  { code: '316', name: 'Holbæk' },
  { code: '320', name: 'Faxe' },
  { code: '326', name: 'Kalundborg' },
  { code: '329', name: 'Ringsted' },
  { code: '330', name: 'Slagelse' },
  { code: '336', name: 'Stevns' },
  { code: '340', name: 'Sorø' },
  { code: '350', name: 'Lejre' },
  { code: '360', name: 'Lolland' },
  { code: '370', name: 'Næstved' },
  { code: '376', name: 'Guldborgsund' },
  { code: '390', name: 'Vordingborg' },
  // Region Syddanmark
  { code: '410', name: 'Middelfart' },
  { code: '420', name: 'Assens' },
  { code: '430', name: 'Faaborg-Midtfyn' },
  { code: '440', name: 'Kerteminde' },
  { code: '450', name: 'Nyborg' },
  { code: '461', name: 'Odense' },
  { code: '479', name: 'Svendborg' },
  { code: '480', name: 'Nordfyns' },
  { code: '482', name: 'Langeland' },
  { code: '492', name: 'Ærø' },
  { code: '510', name: 'Haderslev' },
  { code: '530', name: 'Billund' },
  { code: '540', name: 'Sønderborg' },
  { code: '550', name: 'Tønder' },
  { code: '561', name: 'Esbjerg' },
  { code: '563', name: 'Fanø' },
  { code: '573', name: 'Varde' },
  { code: '575', name: 'Vejen' },
  { code: '580', name: 'Aabenraa' },
  { code: '607', name: 'Fredericia' },
  { code: '621', name: 'Kolding' },
  { code: '630', name: 'Vejle' },
  // Region Midtjylland
  { code: '615', name: 'Horsens' },
  { code: '657', name: 'Herning' },
  { code: '661', name: 'Holstebro' },
  { code: '665', name: 'Lemvig' },
  { code: '671', name: 'Struer' },
  { code: '706', name: 'Syddjurs' },
  { code: '707', name: 'Norddjurs' },
  { code: '710', name: 'Favrskov' },
  { code: '727', name: 'Odder' },
  { code: '730', name: 'Randers' },
  { code: '740', name: 'Silkeborg' },
  { code: '741', name: 'Samsø' },
  { code: '746', name: 'Skanderborg' },
  { code: '751', name: 'Aarhus' },
  { code: '756', name: 'Ikast-Brande' },
  { code: '760', name: 'Ringkøbing-Skjern' },
  { code: '766', name: 'Hedensted' },
  { code: '779', name: 'Skive' },
  { code: '791', name: 'Viborg' },
  // Region Nordjylland
  { code: '773', name: 'Morsø' },
  { code: '787', name: 'Thisted' },
  { code: '810', name: 'Brønderslev' },
  { code: '813', name: 'Frederikshavn' },
  { code: '820', name: 'Vesthimmerlands' },
  { code: '825', name: 'Læsø' },
  { code: '840', name: 'Rebild' },
  { code: '846', name: 'Mariagerfjord' },
  { code: '849', name: 'Jammerbugt' },
  { code: '851', name: 'Aalborg' },
  { code: '860', name: 'Hjørring' },
] satisfies Municipality[]);

const BY_CODE: ReadonlyMap<string, Municipality> = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

/** The municipality with this kommunekode, or undefined if there is none (e.g. 411 Christiansø). */
export function municipalityByCode(code: Kommunekode): Municipality | undefined {
  return BY_CODE.get(code);
}

export function isKommunekode(code: string): boolean {
  return BY_CODE.has(code);
}

/**
 * The legal name: “<navn> Kommune”, except the two that differ (Københavns Kommune in the genitive, and
 * Bornholms Regionskommune).
 */
export function officialName(m: Municipality): string {
  if (m.code === '101') return 'Københavns Kommune';
  if (m.code === '400') return 'Bornholms Regionskommune';
  return `${m.name} Kommune`;
}

/** The directory entry for a code, throwing for an unknown one: for fixtures and tests, never for user input. */
export function municipality(code: Kommunekode): Municipality {
  const m = BY_CODE.get(code);
  if (!m) throw new Error(`Ukendt kommunekode ${code}`);
  return m;
}
