// Talking to the companion API. The access token arrives in the URL fragment
// (#token=...), which browsers never send over the network; we move it to
// sessionStorage and drop it from the address bar at once.
const KEY = "mail-assistant-token";
let token = null;

export function takeTokenFromUrl() {
  const m = location.hash.match(/(?:^#|&)token=([A-Za-z0-9_\-]{20,})/);
  if (m) {
    sessionStorage.setItem(KEY, m[1]);
    history.replaceState(null, "", location.pathname + location.search + "#/drafts");
  }
  token = sessionStorage.getItem(KEY) || localStorage.getItem(KEY);
  return token;
}

export function setToken(value, remember) {
  token = value.trim();
  sessionStorage.setItem(KEY, token);
  if (remember) localStorage.setItem(KEY, token);
}

export function forgetToken() {
  token = null;
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

export class ApiError extends Error {
  /** ``data`` is the answer's JSON body, e.g. ``{error, conflict: {yours, theirs}}`` for a 409. */
  constructor(status, message, data = null) {
    super(message);
    this.status = status;
    this.data = data;
  }

  /** Both versions when the server refused a stale write, else null. */
  get conflict() {
    return (this.status === 409 && this.data && this.data.conflict) || null;
  }
}

export async function api(method, path, body, { signal } = {}) {
  const headers = { Authorization: `Bearer ${token || ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(`/api/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
      credentials: "omit",
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "The Mail Assistant is not running (no answer from the app).");
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const message = (data && data.error) || `${res.status} ${res.statusText}`;
    if (res.status === 401) document.dispatchEvent(new CustomEvent("api-unauthorized"));
    throw new ApiError(res.status, message, data);
  }
  return data;
}

export const get = (path, opts) => api("GET", path, undefined, opts);
export const post = (path, body, opts) => api("POST", path, body, opts);
export const put = (path, body, opts) => api("PUT", path, body, opts);
