#!/usr/bin/env python3
"""Writes a Maildir of N delivery reports in the shapes real MTAs send (Postfix DSN, Exim plain text, Gmail DSN,
Outlook mailbox-full DSN, an ARF complaint, a vacation notice, a stranger's mail) about subscribers
sub<i>@example.org, i in 1..SUBSCRIBERS, into DIR/new (DIR/cur and DIR/tmp are created).

usage: generate-bounces.py DIR N SUBSCRIBERS
"""
import os
import random
import sys

folder, count, subscribers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for name in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(folder, name), exist_ok=True)
random.seed(16)

ORIGINAL = """Return-Path: <news@example.org>
From: Weekly <news@example.org>
To: {rcpt}
Subject: Weekly: the week's stories
List-Unsubscribe: <https://example.org/unsubscribe?token=AAAA>

""" + "The week's stories, one line of many.\n" * 40


def postfix(rcpt):
    return f"""Return-Path: <>
Delivered-To: news@example.org
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: news@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

<{rcpt}>: host mx.remote.example said: 550 5.1.1 <{rcpt}>: Recipient address
    rejected: User unknown (in reply to RCPT TO command)

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {rcpt}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown

--B1
Content-Type: message/rfc822

{ORIGINAL.format(rcpt=rcpt)}
--B1--
"""


def exim(rcpt):
    return f"""Return-path: <>
From: Mail Delivery System <Mailer-Daemon@mail.remote.example>
To: news@example.org
Subject: Mail delivery failed: returning message to sender
Auto-Submitted: auto-replied

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {rcpt}
    SMTP error from remote mail server after RCPT TO:<{rcpt}>:
    550 5.1.1 User unknown

------ This is a copy of the message, including all the headers. ------

{ORIGINAL.format(rcpt=rcpt)}"""


def gmail(rcpt):
    return f"""Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: news@example.org
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; boundary="G1"; report-type=delivery-status

--G1
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to {rcpt} because the address couldn't be found.

--G1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com

Final-Recipient: rfc822; {rcpt}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.

--G1
Content-Type: message/rfc822

{ORIGINAL.format(rcpt=rcpt)}
--G1--
"""


def outlook(rcpt):
    return f"""Return-Path: <>
From: Microsoft Outlook <postmaster@outlook.com>
To: <news@example.org>
Subject: Undeliverable: Weekly
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="O1"

--O1
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:

{rcpt}
The recipient's mailbox is full and can't accept messages now.

--O1
Content-Type: message/delivery-status

Reporting-MTA: dns;DB8PR01MB.eurprd01.prod.outlook.com

Final-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;552 5.2.2 STOREDRV.Deliver; mailbox full

--O1
Content-Type: text/rfc822-headers

Return-Path: news@example.org
From: Weekly <news@example.org>
To: {rcpt}

--O1--
"""


def arf(rcpt):
    return f"""From: Feedback Loop <staff@hotmail.com>
To: news@example.org
Subject: complaint about message from 192.0.2.10
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F1"

--F1
Content-Type: text/plain

This is an email abuse report.

--F1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Hotmail FBL
Version: 1
Original-Rcpt-To: <{rcpt}>

--F1
Content-Type: message/rfc822

{ORIGINAL.format(rcpt=rcpt)}
--F1--
"""


def vacation(rcpt):
    return f"""From: <{rcpt}>
To: news@example.org
Subject: Out of office: Weekly
Auto-Submitted: auto-replied

I am away until Monday.
"""


def stranger(_):
    return """From: someone@example.net
To: news@example.org
Subject: Hello

Just saying hello.
"""


shapes = [postfix, exim, gmail, outlook, outlook, arf, vacation, stranger]
for i in range(count):
    rcpt = f"sub{random.randint(1, subscribers)}@example.org"
    text = shapes[i % len(shapes)](rcpt)
    with open(os.path.join(folder, "new", f"17640{i:08d}.M{i}P1.bench"), "w") as f:
        f.write(text)
