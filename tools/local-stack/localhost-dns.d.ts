/** Makes *.localhost resolve to 127.0.0.1 in this thread, as RFC 6761 reserves them. */
export declare function resolveLocalhostSubdomains(): void;
