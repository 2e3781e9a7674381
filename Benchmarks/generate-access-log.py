#!/usr/bin/env python3
"""Writes a combined-format access log of LINES lines (default 2,000,000) spread over DAYS days (default 7):
about 60 % asset requests, 15 % robots, 25 % page views of 300 articles by a pool of 20,000 visitors, plus a
few 404s, POSTs and IPv6 clients. Deterministic (seeded)."""
import random
import sys

lines = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
days = int(sys.argv[2]) if len(sys.argv) > 2 else 7
rng = random.Random(7)
articles = [f"/{rng.choice(['politics', 'economy', 'society', 'environment'])}/story-{i}-{rng.randint(1000, 9999)}"
            for i in range(300)]
assets = ["/static/site.css", "/static/app.js", "/static/logo.svg", "/favicon.ico", "/static/fonts/inter.woff2",
          "/media/photo-1.jpg", "/media/photo-2.webp", "/static/vendor.js"]
browsers = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
]
robots = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "curl/8.4.0",
    "python-requests/2.31.0", "Feedly/1.0 (+http://www.feedly.com/fetcher.html)", "facebookexternalhit/1.1",
]
visitors = []
for i in range(20_000):
    ip = f"2001:db8:{i % 65536:x}::{rng.randint(1, 65535):x}" if i % 10 == 0 else \
        f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    visitors.append((ip, rng.choice(browsers)))
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
seconds_total = days * 86_400
out = sys.stdout
w = out.write
for n in range(lines):
    t = n * seconds_total // lines
    day, rest = divmod(t, 86_400)
    stamp = f"[{day + 1:02d}/Nov/2026:{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d} +0000]"
    r = rng.random()
    ip, agent = visitors[rng.randrange(len(visitors))]
    if r < 0.60:
        target, status, size = rng.choice(assets), 200, rng.randint(500, 90_000)
    elif r < 0.75:
        ip, agent = f"66.249.{rng.randint(64, 79)}.{rng.randint(1, 254)}", rng.choice(robots)
        target, status, size = rng.choice(articles), 200, rng.randint(20_000, 60_000)
    else:
        target = rng.choice(articles)
        if rng.random() < 0.2:
            target += "/?utm_source=newsletter"
        status, size = (304, 0) if rng.random() < 0.1 else (200, rng.randint(20_000, 60_000))
    method = "GET"
    if rng.random() < 0.01:
        method, status = "POST", 200
    elif rng.random() < 0.01:
        status = 404
    referer = "-" if rng.random() < 0.5 else "https://www.google.com/"
    w(f'{ip} - - {stamp} "{method} {target} HTTP/1.1" {status} {size} "{referer}" "{agent}"\n')
