/** The owner account `npm run dev` creates in its local n8n (a throwaway, local-only login). */
export const OWNER = {
	email: 'dev@example.com',
	firstName: 'Feishu',
	lastName: 'Developer',
	password: 'Feishu-dev-2026',
};
