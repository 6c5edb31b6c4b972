#!/usr/bin/env python3
"""Writes an RSS 2.0 feed of N invented postings (default 100,000; about 1.2 KB of
description HTML each) to stdout, for measuring `jobtap parse`'s peak memory by format:

    python3 benches/big_feed.py > /tmp/big.rss
    /usr/bin/time -v target/release/jobtap parse --source rss /tmp/big.rss -o /tmp/big.csv
    /usr/bin/time -v target/release/jobtap parse --source rss /tmp/big.rss -o /tmp/big.xlsx

The feed is generated, never committed: it is about 162 MB (1.6 KB a posting).
"""
import random
import sys

WORDS = (
    "support customer chat night shift remote team schedule weekend coverage ticket "
    "email phone billing account escalate resolve training paid holidays benefits "
    "flexible hours part-time full-time bilingual spanish french queue tools"
).split()
TITLES = ["Support Specialist", "Night Agent", "Chat Agent", "Help Desk Technician",
          "Billing Associate", "Customer Care Lead", "Bilingual Support Rep"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(19)
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
              "<title>Invented board</title><link>https://board.example/</link>\n")
    for i in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(150))
        title = f"{rng.choice(TITLES)} {i}"
        out.write(
            f"<item><title>{title}</title>"
            f"<link>https://board.example/jobs/{i}</link>"
            f"<guid>https://board.example/jobs/{i}</guid>"
            f"<pubDate>Mon, 16 Nov 2026 {i % 24:02}:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;{words}&lt;/p&gt;&lt;ul&gt;&lt;li&gt;{words[:200]}"
            f"&lt;/li&gt;&lt;/ul&gt;</description></item>\n"
        )
    out.write("</channel></rss>\n")


if __name__ == "__main__":
    main()
