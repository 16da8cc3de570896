/** The n8n versions this package is proven on (README: "Running inside real n8n"). */
export const VERSIONS = ['2.40.7', '1.123.81'];
