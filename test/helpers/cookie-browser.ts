/** A fetch with one browser's cookie jar, for HTTP tests of the staff console. */
export class CookieBrowser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  constructor(
    private base: string,
    private headers: Record<string, string> = {},
  ) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.headers as Record<string, string>) },
    });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const [k, v] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return res;
  }

  async csrf(): Promise<string> {
    return (await (await this.fetch('/staff/session')).json()).csrfToken;
  }

  async login(name: string, password: string, next = '/staff/tickets'): Promise<Response> {
    const token = await this.csrf();
    return this.form('/staff/login', { name, password, _csrf: token, next });
  }

  form(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  async page(path: string): Promise<{ status: number; text: string; res: Response }> {
    const res = await this.fetch(path, { headers: { accept: 'text/html' } });
    return { status: res.status, text: await res.text(), res };
  }
}

/** The hidden CSRF field of the first form on a page. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}
