/** n8n's REST API (the one its editor uses) as a signed-in user: the `data` of the answer, or an error saying what n8n answered. */
export async function rest<T>(url: string, cookie: string, path: string, init: RequestInit = {}): Promise<T> {
	const response = await fetch(`${url}/rest/${path}`, {
		...init,
		headers: { cookie, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${init.method ?? 'GET'} /rest/${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return (JSON.parse(text) as { data: T }).data;
}
