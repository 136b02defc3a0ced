export * from './chart.js';
export * from './font.js';
export * from './pdf.js';
