#!/usr/bin/env python3
"""Writes the demo's example site data, deterministically: Examples/feed.xml (an RSS feed of ~300 articles of a
news site about the Caucasus and Central Asia, with regions and topics as categories, Latin and Cyrillic titles)
and Examples/access.log.gz (four weeks of nginx combined-format traffic to it, robots and assets included).
Run it again only to change the data: the outputs are committed."""
import gzip
import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

SITE = "https://eurasia.example.org"
HERE = Path(__file__).resolve().parent
rng = random.Random(47)

REGIONS = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Armenia", "Azerbaijan",
           "Georgia", "Russia", "Ukraine", "Belarus", "Mongolia"]
TOPICS = ["Politics", "Economy", "Energy", "Environment", "Human rights", "Media", "Security", "Culture"]
REGIONS_RU = {"Kazakhstan": "Казахстан", "Kyrgyzstan": "Кыргызстан", "Tajikistan": "Таджикистан",
              "Turkmenistan": "Туркменистан", "Uzbekistan": "Узбекистан", "Armenia": "Армения",
              "Azerbaijan": "Азербайджан", "Georgia": "Грузия", "Russia": "Россия", "Ukraine": "Украина",
              "Belarus": "Беларусь", "Mongolia": "Монголия"}
SUBJECTS = {
    "Politics": ["parliament passes contested election law", "opposition leader detained after rally",
                 "president reshuffles cabinet ahead of vote", "constitutional court blocks referendum"],
    "Economy": ["central bank raises rates as inflation bites", "remittances from Russia fall for third month",
                "new railway deal with China signed", "wheat exports hit record"],
    "Energy": ["power grid strains under early cold snap", "gas pipeline talks stall again",
               "solar park opens in the steppe", "nuclear plant site chosen"],
    "Environment": ["glaciers retreat faster than forecast", "Aral Sea fishing revives",
                    "smog chokes the capital", "drought threatens cotton harvest"],
    "Human rights": ["journalists sentenced in closed trial", "labour migrants face new rules",
                     "NGO law draws criticism", "prison hunger strike enters second week"],
    "Media": ["independent broadcaster loses licence", "bloggers summoned over posts",
              "state TV launches new channel", "news site blocked without explanation"],
    "Security": ["border clash leaves three dead", "military exercises near the frontier",
                 "drone factory planned", "peacekeepers' mandate extended"],
    "Culture": ["film festival opens with local premiere", "ancient city added to heritage list",
                "poet's archive returns home", "national football team stuns rivals"],
}
SUBJECTS_RU = ["парламент принял спорный закон", "цены на хлеб снова выросли", "протесты продолжаются",
               "в столице открылся новый мост", "журналистов задержали на границе", "энергетики готовятся к зиме"]
AUTHORS = ["Aigerim Sadykova", "Joanna Lillis", "Giorgi Lomsadze", "Ayzirek Imanaliyeva", "Bermet Talant",
           "Heydar Isayev", "Ani Mejlumyan", "Нино Гоциридзе", "Danil Usmanov", "Almaz Kumenov", "Peter Leonard"]


def slugify(text):
    out = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)[:70]


def articles():
    start = datetime(2026, 10, 19, 6, 0, tzinfo=timezone.utc)
    items = []
    for index in range(300):
        published = start + timedelta(minutes=int(index * (35 * 24 * 60) / 300) + rng.randint(0, 90))
        region = rng.choice(REGIONS)
        topic = rng.choice(TOPICS)
        if rng.random() < 0.2:
            subject = rng.choice(SUBJECTS_RU)
            title = f"{REGIONS_RU[region]}: {subject}"
            slug = f"{slugify(region)}-ru-{index}"
            summary = (f"{REGIONS_RU[region]}. Корреспондент сообщает подробности: {subject}, "
                       "а эксперты ждут новых решений властей в ближайшие недели.")
        else:
            subject = rng.choice(SUBJECTS[topic])
            title = f"{region}: {subject[0].upper()}{subject[1:]}"
            slug = f"{slugify(region)}-{slugify(subject)}-{index}"
            summary = (f"In {region}, {subject}. Officials declined to comment, while analysts said the decision "
                       f"would shape the region's {topic.lower()} for years; residents interviewed were divided.")
        authors = rng.sample(AUTHORS, rng.choice([1, 1, 1, 2]))
        image = f"{SITE}/sites/default/files/2026/{index:03d}.jpg" if rng.random() < 0.7 else None
        items.append(dict(index=index, url=f"{SITE}/{slug}", path=f"/{slug}", title=title, summary=summary,
                          published=published, categories=[region, topic], authors=authors, image=image,
                          appeal=rng.paretovariate(1.3)))
    return items


def write_feed(items):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:media="http://search.yahoo.com/mrss/">', "<channel>", "<title>Eurasia Example</title>",
           f"<link>{SITE}/</link>", "<description>News and analysis from the Caucasus and Central Asia"
           "</description>", "<language>en</language>"]
    for item in reversed(items):
        out.append("<item>")
        out.append(f"<title>{escape(item['title'])}</title>")
        out.append(f"<link>{item['url']}?utm_source=rss</link>")
        out.append(f'<guid isPermaLink="false">eurasia-{item["index"]}</guid>')
        out.append(f"<pubDate>{format_datetime(item['published'])}</pubDate>")
        for author in item["authors"]:
            out.append(f"<dc:creator>{escape(author)}</dc:creator>")
        for category in item["categories"]:
            out.append(f"<category>{escape(category)}</category>")
        out.append(f"<description>{escape('<p>' + escape(item['summary']) + '</p>')}</description>")
        if item["image"]:
            out.append(f'<media:content url="{item["image"]}" medium="image" type="image/jpeg"/>')
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    (HERE / "feed.xml").write_text("\n".join(out), encoding="utf-8")


AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
          "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"]
ROBOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]


def write_log(items):
    lines = []
    first = datetime(2026, 10, 26, tzinfo=timezone.utc)
    for day in range(28):
        midnight = first + timedelta(days=day)
        for item in items:
            age = (midnight - item["published"]).total_seconds() / 86400
            if age < -1:
                continue
            expected = item["appeal"] * 6 * (0.55 ** max(age, 0))
            for _ in range(int(expected + rng.random())):
                when = midnight + timedelta(seconds=rng.randint(0, 86399))
                if when < item["published"]:
                    continue
                client = f"10.{rng.randint(0, 40)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                agent = rng.choice(AGENTS)
                lines.append((when, client, item["path"], agent, 200))
                if rng.random() < 0.25:  # a reader who comes back to the story later that day
                    later = min(when + timedelta(minutes=rng.randint(1, 600)), midnight + timedelta(seconds=86399))
                    lines.append((later, client, item["path"] + "/?utm_source=share", agent, 200))
        for _ in range(120):
            when = midnight + timedelta(seconds=rng.randint(0, 86399))
            lines.append((when, "66.249.66.1", rng.choice(items)["path"], rng.choice(ROBOTS), 200))
            lines.append((when, "10.1.2.3", "/sites/default/files/style.css", AGENTS[0], 200))
    lines.sort()
    with gzip.GzipFile(HERE / "access.log.gz", "wb", mtime=0) as out:
        for when, client, path, agent, status in lines:
            stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
            out.write(f'{client} - - [{stamp}] "GET {path} HTTP/1.1" {status} 18234 "-" "{agent}"\n'.encode())


items = articles()
write_feed(items)
write_log(items)
