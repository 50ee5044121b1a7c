// The Cloudflare Worker (workerd, via miniflare): runs the client program on a request
// `/?base=BASE_URL&app=APP_NAME` and answers its report as JSON (or the error, with status 500).
import { run } from './client.mjs';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      return Response.json({ runtime: navigator.userAgent, ...(await run(url.searchParams.get('base'), url.searchParams.get('app'))) });
    } catch (error) {
      return Response.json({ thrown: String((error && error.stack) || error) }, { status: 500 });
    }
  },
};
