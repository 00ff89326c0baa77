vcl 4.1;
# Varnish in front of the app servers (README, "Production"). Anonymous GETs are cached as long as the app's
# Cache-Control allows; personal requests (a session or messages cookie) and answers marked private pass.
# Invalidation: the app sends PURGE for a page's URLs (wagtail.contrib.frontend_cache on publish) and BAN with
# X-Ban-Tags for every listing, home section or page that showed the change (core/pagecache.py tags each
# answer in X-Cache-Tags; they are stripped before the answer leaves).

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        # X-Ban-Tags is a regular expression over the space-separated tags, e.g. " (p12|a3|tnews_newspage) ".
        ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban-Tags);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|accounts)/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # 长者模式 (cf_elder=1) is a second copy of each page: keep only that cookie, and hash on it (vcl_hash).
    if (req.http.Cookie ~ "(^|;\s*)cf_elder=1(;|$)") {
        set req.http.X-Elder = "1";
        set req.http.Cookie = "cf_elder=1";
    } else {
        # Other cookies (csrftoken) do not change a public page; a page with a form marks itself private.
        unset req.http.X-Elder;
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hash {
    # 长者模式 pages are their own copies; the built-in vcl_hash adds the URL and host after this.
    if (req.http.X-Elder) {
        hash_data("elder");
    }
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Serve a stale copy while one request refreshes it (the app's stale-while-revalidate).
    set beresp.grace = 30s;
}

sub vcl_deliver {
    unset resp.http.X-Cache-Tags;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
