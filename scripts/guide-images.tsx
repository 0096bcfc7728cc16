// Writes the in-app guide's pictures (renderer/features/guide/diagrams.tsx) to docs/guide/ as
// SVG files, so the README's section for front-desk officers shows the same pictures as the
// app. Run after changing a picture: node --import tsx scripts/guide-images.tsx
import { writeFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { HandOverDiagram, KeysDiagram, OfflineDiagram, ReceiveDiagram, ScanDiagram, SignDiagram } from '#renderer/features/guide/diagrams.tsx';

const pictures = { receive: ReceiveDiagram, scan: ScanDiagram, sign: SignDiagram, handover: HandOverDiagram, offline: OfflineDiagram, keys: KeysDiagram };

for (const [name, Picture] of Object.entries(pictures)) {
  const file = `docs/guide/${name}.svg`;
  writeFileSync(file, `${renderToStaticMarkup(<Picture />)}\n`);
  console.log(file);
}
