/**
 * Twilio's two paging styles, as the specs' list responses have them: the 2010 API's top-level
 * `page, page_size, start, end, uri, first_page_uri, next_page_uri, previous_page_uri` (paths,
 * which twilio-node makes absolute against api.twilio.com) and the v1 APIs' `meta` object with
 * `page, page_size, key, url, first_page_url, next_page_url, previous_page_url` (absolute URLs,
 * which twilio-node requests as they are, so the emulator writes its own origin into them).
 */

/** The default and the most a page holds (Monitor: "default is 50, and the maximum is 1000"). */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  page: number;
  pageSize: number;
  /** Where the page starts in the full list. */
  offset: number;
}

/**
 * Page and PageSize from the query; PageToken, when present, decides the offset, since Twilio
 * calls Page "simply for client state". The emulator's tokens are `PT` and the offset.
 */
export function pageRequest(query: URLSearchParams): PageRequest {
  const size = Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
  const pageSize = Number.isInteger(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const pageNumber = Number(query.get('Page') ?? 0);
  const page = Number.isInteger(pageNumber) && pageNumber >= 0 ? pageNumber : 0;
  const token = /^PT(\d+)$/.exec(query.get('PageToken') ?? '');
  return { page, pageSize, offset: token ? Number(token[1]) : page * pageSize };
}

interface PageLinks {
  current: string;
  first: string;
  next: string | null;
  previous: string | null;
}

/** The links of a page: the request's own filters kept, the paging parameters replaced. */
function pageLinks<T>(path: string, query: URLSearchParams, request: PageRequest, all: T[]): PageLinks {
  const link = (page: number, offset?: number) => {
    const params = new URLSearchParams(query);
    for (const name of ['PageSize', 'Page', 'PageToken']) params.delete(name);
    params.set('PageSize', String(request.pageSize));
    params.set('Page', String(page));
    if (offset !== undefined && offset > 0) params.set('PageToken', `PT${offset}`);
    return `${path}?${params}`;
  };
  const { page, pageSize, offset } = request;
  const hasNext = offset + pageSize < all.length;
  return {
    current: link(page, offset),
    first: link(0),
    next: hasNext ? link(page + 1, offset + pageSize) : null,
    previous: page > 0 ? link(page - 1, Math.max(0, offset - pageSize)) : null,
  };
}

/** A 2010-style list page, its records under `key` (e.g. `calls`). */
export function page2010<T>(key: string, path: string, query: URLSearchParams, all: T[]) {
  const request = pageRequest(query);
  const records = all.slice(request.offset, request.offset + request.pageSize);
  const links = pageLinks(path, query, request, all);
  return {
    [key]: records,
    end: request.offset + Math.max(records.length - 1, 0),
    first_page_uri: links.first,
    next_page_uri: links.next,
    page: request.page,
    page_size: request.pageSize,
    previous_page_uri: links.previous,
    start: request.offset,
    uri: links.current,
  };
}

/** A v1-style list page, `meta` holding absolute URLs under `origin`. */
export function pageV1<T>(key: string, origin: string, path: string, query: URLSearchParams, all: T[]) {
  const request = pageRequest(query);
  const links = pageLinks(path, query, request, all);
  const url = (link: string | null) => (link === null ? null : origin + link);
  return {
    [key]: all.slice(request.offset, request.offset + request.pageSize),
    meta: {
      first_page_url: url(links.first),
      key,
      next_page_url: url(links.next),
      page: request.page,
      page_size: request.pageSize,
      previous_page_url: url(links.previous),
      url: url(links.current),
    },
  };
}
