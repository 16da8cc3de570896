/** The n8n version the queue-mode tests run (`npm run test:queue`, `npm run test:queue:events`). */
export const QUEUE_N8N_VERSION = '2.40.7';
