// The fetch mutator orval's generated functions call (override.mutator in the orval config): prefixes the base URL
// and adds the app token, and returns orval's { data, status, headers } shape.
let base = '';
let bearer = '';

export function configure(baseUrl: string, token: string): void {
  base = baseUrl;
  bearer = token;
}

export async function customFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${bearer}`);
  const response = await fetch(`${base}${url}`, { ...init, headers });
  const text = await response.text();
  return { data: text ? (JSON.parse(text) as unknown) : {}, status: response.status, headers: response.headers } as T;
}
