#!/usr/bin/env python3
"""Writes a subscribers CSV: email, name, topics and 5 attribute columns, ROWS rows (default 1,000,000)."""
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.stdout
rng = random.Random(42)
first = ["Aigerim", "Ivan", "Nodira", "Giorgi", "Anna", "Timur", "Лейла", "Дмитрий", "Zhanna", "Arman", "Olga", "Ruslan"]
last = ["Sadykova", "Petrov", "Karimova", "Beridze", "Novak", "Usmanov", "Иванова", "Смирнов", "Ospanova", "Aliyev"]
topics = ["politics", "economy", "security", "society", "environment", "culture", "central-asia", "caucasus"]
cities = ["Almaty", "Bishkek", "Tbilisi", "Baku", "Yerevan", "Tashkent", "Dushanbe", "Astana", "Москва"]
plans = ["free", "supporter", "patron"]
domains = ["example.org", "example.com", "mail.example.net", "example.kz", "example.ge"]
w = out.write
w("email,name,topics,city,plan,signup_page,referrer,language\n")
for i in range(rows):
    name = f"{rng.choice(first)} {rng.choice(last)}"
    t = ";".join(rng.sample(topics, rng.randint(0, 3)))
    w(f"user{i}.{rng.randint(0, 9999)}@{rng.choice(domains)},{name},{t},{rng.choice(cities)},{rng.choice(plans)},"
      f"/newsletter/{rng.randint(1, 50)},\"https://example.org/a,{i % 97}\",{rng.choice(['en', 'ru', 'kk'])}\n")
