/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { icsFor } from './ics.js';

describe('.ics', () => {
  const event = {
    id: 'reunion',
    title: 'Réunion; débat, questions',
    description: 'Ligne 1\nLigne 2',
    startsAt: '2026-12-12T18:00:00Z',
    endsAt: null,
    place: { name: 'Salle', address: '1 place de la Mairie' },
  };

  it('writes a valid VEVENT with escaped text, CRLF lines and a default two-hour end', () => {
    const ics = icsFor(event, 'www.example.fr', new Date('2026-11-29T10:00:00Z'));
    expect(ics.split('\r\n')).to.deep.equal([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Tract//Widgets//EN',
      'BEGIN:VEVENT',
      'UID:reunion@www.example.fr',
      'DTSTAMP:20261129T100000Z',
      'DTSTART:20261212T180000Z',
      'DTEND:20261212T200000Z',
      'SUMMARY:Réunion\\; débat\\, questions',
      'DESCRIPTION:Ligne 1\\nLigne 2',
      'LOCATION:Salle\\, 1 place de la Mairie',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });

  it('folds long lines', () => {
    const ics = icsFor({ ...event, title: 'x'.repeat(200) }, 'h');
    for (const line of ics.split('\r\n')) expect(line.length).to.be.at.most(75);
    expect(ics).to.contain('\r\n x');
  });
});
