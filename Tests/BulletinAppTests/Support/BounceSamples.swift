/// Reports in the shapes real MTAs and mailbox providers send them, written for these tests: `to` is where the
/// report is delivered (the VERP address `bounces+TAG@example.org`), `recipient` the address that failed.
enum BounceSamples {
    /// Postfix: an RFC 3464 DSN, the returned message's header attached.
    static func postfix(
        to: String, recipient: String, status: String = "5.1.1", words: String = "User unknown"
    )
        -> String
    {
        """
        Return-Path: <>
        Delivered-To: \(to)
        Date: Wed, 25 Nov 2026 09:00:00 +0000 (UTC)
        From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
        Subject: Undelivered Mail Returned to Sender
        To: \(to)
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="4F2A.1764061200/mx.example.org"
        Message-Id: <20261125090000.4F2A@mx.example.org>

        This is a MIME-encapsulated message.

        --4F2A.1764061200/mx.example.org
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.org.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

        <\(recipient)>: host mx.remote.example[192.0.2.7] said: 550 \(status)
            <\(recipient)>: Recipient address rejected: \(words) (in reply to RCPT TO command)

        --4F2A.1764061200/mx.example.org
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org
        X-Postfix-Queue-ID: 4F2A
        X-Postfix-Sender: rfc822; \(to)
        Arrival-Date: Wed, 25 Nov 2026 08:59:58 +0000 (UTC)

        Final-Recipient: rfc822; \(recipient)
        Original-Recipient: rfc822;\(recipient)
        Action: failed
        Status: \(status)
        Remote-MTA: dns; mx.remote.example
        Diagnostic-Code: smtp; 550 \(status) <\(recipient)>: Recipient address rejected: \(words)

        --4F2A.1764061200/mx.example.org
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers

        Return-Path: <\(to)>
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        --4F2A.1764061200/mx.example.org--

        """
    }

    /// Exim: a plain-text bounce, no DSN.
    static func exim(to: String, recipient: String) -> String {
        """
        Return-path: <>
        Envelope-to: \(to)
        From: Mail Delivery System <Mailer-Daemon@mail.remote.example>
        To: \(to)
        Subject: Mail delivery failed: returning message to sender
        Message-Id: <E1kXyZ-0003aB-Cd@mail.remote.example>
        Date: Wed, 25 Nov 2026 09:01:00 +0000
        Auto-Submitted: auto-replied

        This message was created automatically by mail delivery software.

        A message that you sent could not be delivered to one or more of its
        recipients. This is a permanent error. The following address(es) failed:

          \(recipient)
            SMTP error from remote mail server after RCPT TO:<\(recipient)>:
            550 5.1.1 <\(recipient)>: Recipient address rejected: User unknown in virtual mailbox table

        ------ This is a copy of the message, including all the headers. ------

        Return-path: <\(to)>
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        The week's stories.

        """
    }

    /// Gmail: a DSN with Google's words.
    static func gmail(to: String, recipient: String) -> String {
        """
        Delivered-To: \(to)
        Return-Path: <>
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
        To: \(to)
        Auto-Submitted: auto-replied
        Subject: Delivery Status Notification (Failure)
        Date: Wed, 25 Nov 2026 01:02:03 -0800 (PST)
        Message-ID: <5fa1.0c69@mx.google.com>
        MIME-Version: 1.0
        Content-Type: multipart/report; boundary="000000000000f5a1b2"; report-type=delivery-status

        --000000000000f5a1b2
        Content-Type: multipart/related; boundary="000000000000f5a1c3"

        --000000000000f5a1c3
        Content-Type: multipart/alternative; boundary="000000000000f5a1d4"

        --000000000000f5a1d4
        Content-Type: text/plain; charset="UTF-8"


        ** Address not found **

        Your message wasn't delivered to \(recipient) because the address couldn't be found, or is unable to receive mail.

        The response from the remote server was:
        550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser

        --000000000000f5a1d4--
        --000000000000f5a1c3--

        --000000000000f5a1b2
        Content-Type: message/delivery-status

        Reporting-MTA: dns; googlemail.com
        Received-From-MTA: dns; relay.example.org
        Arrival-Date: Wed, 25 Nov 2026 01:02:02 -0800 (PST)

        Final-Recipient: rfc822; \(recipient)
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; gmail-smtp-in.l.google.com. (2a00:1450:400c:c0b::1b, the server for the domain gmail.com.)
        Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try
         550-5.1.1 double-checking the recipient's email address for typos or
         550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
        Last-Attempt-Date: Wed, 25 Nov 2026 01:02:03 -0800 (PST)

        --000000000000f5a1b2
        Content-Type: message/rfc822

        Return-Path: <\(to)>
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        The week's stories.

        --000000000000f5a1b2--

        """
    }

    /// Exchange Online / Outlook: a DSN for a full mailbox (soft).
    static func exchangeFull(
        to: String, recipient: String, date: String = "Wed, 25 Nov 2026 09:05:00 +0000"
    )
        -> String
    {
        """
        Return-Path: <>
        From: Microsoft Outlook <postmaster@outlook.com>
        To: <\(to)>
        Date: \(date)
        Subject: Undeliverable: Weekly: the week's stories
        Content-Language: en-US
        Message-ID: <8c1f02b4-7d1e-4b6c-9a1f-0aa3@DB8PR01MB.eurprd01.prod.outlook.com>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b_8c1f02b4"
        X-MS-Exchange-Message-Is-Ndr:

        --b_8c1f02b4
        Content-Type: text/plain; charset="us-ascii"

        Delivery has failed to these recipients or groups:

        \(recipient)
        The recipient's mailbox is full and can't accept messages now. Please try resending this message later, or contact the recipient directly.

        Diagnostic information for administrators:

        Generating server: DB8PR01MB.eurprd01.prod.outlook.com

        \(recipient)
        Remote Server returned '552 5.2.2 STOREDRV.Deliver; mailbox full'

        --b_8c1f02b4
        Content-Type: message/delivery-status

        Reporting-MTA: dns;DB8PR01MB.eurprd01.prod.outlook.com
        Received-From-MTA: dns;relay.example.org
        Arrival-Date: \(date)

        Final-Recipient: rfc822;\(recipient)
        Action: failed
        Status: 5.2.2
        Diagnostic-Code: smtp;552 5.2.2 STOREDRV.Deliver; mailbox full
        X-Display-Name: \(recipient)

        --b_8c1f02b4
        Content-Type: text/rfc822-headers

        Return-Path: \(to)
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        --b_8c1f02b4--

        """
    }

    /// qmail: the qmail-send program's plain bounce.
    static func qmail(to: String, recipient: String) -> String {
        """
        Return-Path: <>
        Date: 25 Nov 2026 09:07:00 -0000
        From: MAILER-DAEMON@mail.remote.example
        To: \(to)
        Subject: failure notice

        Hi. This is the qmail-send program at mail.remote.example.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <\(recipient)>:
        Sorry, no mailbox here by that name. (#5.1.1)

        --- Below this line is a copy of the message.

        Return-Path: <\(to)>
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        """
    }

    /// An ARF complaint (RFC 5965) from a feedback loop, the original attached with its envelope sender.
    static func complaint(to: String, recipient: String) -> String {
        """
        From: Feedback Loop <staff@hotmail.com>
        To: \(to)
        Subject: complaint about message from 192.0.2.10
        Date: Wed, 25 Nov 2026 10:00:00 +0000
        Message-ID: <fbl.8812@hotmail.com>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="fbl_boundary"

        --fbl_boundary
        Content-Type: text/plain; charset="US-ASCII"

        This is an email abuse report for an email message received from IP 192.0.2.10.

        --fbl_boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: Hotmail FBL
        Version: 1
        Original-Mail-From: <\(to)>
        Original-Rcpt-To: <\(recipient)>
        Arrival-Date: Wed, 25 Nov 2026 08:00:00 +0000
        Source-IP: 192.0.2.10

        --fbl_boundary
        Content-Type: message/rfc822

        Return-Path: <\(to)>
        From: Weekly <news@example.org>
        To: \(recipient)
        Subject: Weekly: the week's stories

        The week's stories.

        --fbl_boundary--

        """
    }

    /// A reader's mail to the List-Unsubscribe mailto address, with the subject the link gives it.
    static func unsubscribe(from: String, to: String, token: String) -> String {
        """
        From: <\(from)>
        To: <\(to)>
        Subject: unsubscribe \(token)
        Date: Wed, 25 Nov 2026 11:00:00 +0000
        Message-ID: <unsub.1@mail.example.net>

        This message was automatically generated by Gmail.

        """
    }

    /// A vacation notice (RFC 3834).
    static func vacation(from: String, to: String) -> String {
        """
        From: Gus <\(from)>
        To: \(to)
        Subject: Out of office: Weekly: the week's stories
        Date: Wed, 25 Nov 2026 12:00:00 +0000
        Auto-Submitted: auto-replied
        Message-ID: <vac.1@example.com>

        I am away until 7 December with no access to email.

        """
    }
}
