import { describe, expect, it } from 'vitest';
import {
  MUNICIPALITIES,
  municipalityByCode,
  officialName,
  isKommunekode,
} from '../../src/domain/municipalities.js';
import { MunicipalitySchema } from '../../src/domain/municipality.js';

describe('domain.md "Who is who": municipalities (kommuner, 98 in Denmark)', () => {
  it('lists 98 municipalities with unique three-digit kommunekoder and unique names', () => {
    expect(MUNICIPALITIES).toHaveLength(98);
    const codes = MUNICIPALITIES.map((m) => m.code);
    expect(new Set(codes).size).toBe(98);
    for (const c of codes) expect(c).toMatch(/^\d{3}$/);
    expect(new Set(MUNICIPALITIES.map((m) => m.name)).size).toBe(98);
    for (const m of MUNICIPALITIES) expect(MunicipalitySchema.parse(m)).toEqual(m);
  });

  it('has the well-known codes (101 København, 147 Frederiksberg, 751 Aarhus, 461 Odense, 851 Aalborg)', () => {
    expect(municipalityByCode('101')?.name).toBe('København');
    expect(municipalityByCode('147')?.name).toBe('Frederiksberg');
    expect(municipalityByCode('751')?.name).toBe('Aarhus');
    expect(municipalityByCode('461')?.name).toBe('Odense');
    expect(municipalityByCode('851')?.name).toBe('Aalborg');
    expect(municipalityByCode('400')?.name).toBe('Bornholm');
    expect(municipalityByCode('860')?.name).toBe('Hjørring');
  });

  it('leaves out Christiansø (411), which is not a municipality', () => {
    expect(isKommunekode('411')).toBe(false);
    expect(municipalityByCode('411')).toBeUndefined();
  });

  it('gives official names', () => {
    expect(officialName(municipalityByCode('101')!)).toBe('Københavns Kommune');
    expect(officialName(municipalityByCode('751')!)).toBe('Aarhus Kommune');
    expect(officialName(municipalityByCode('400')!)).toBe('Bornholms Regionskommune');
  });
});
