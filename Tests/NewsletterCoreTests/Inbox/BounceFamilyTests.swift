import Foundation
import NewsletterCore
import Testing
import TestProcesses

/// Bounces of mail-server families the shared corpus does not hold, written for these
/// tests from each family's documented format (Google Groups, V5 Sendmail, IMail,
/// OpenSMTPD, Lotus Domino and Notes, X2, Amazon WorkMail): read by the general rules
/// (recipient lines, transcripts, X-Failed-Recipients), checked against what the format
/// means and, where Sisimai is installed, against its reading.
@Suite struct BounceFamilyTests {
    struct Expected: Sendable {
        var email: String
        var status: String?
        var hard: Bool
        var reason: String
    }

    struct Case: Sendable {
        var name: String
        var family: String
        var kind: ReportKind
        var message: String
        var recipients: [Expected]
    }

    static let cases: [Case] = [
        Case(name: "domino-route", family: "Lotus Domino", kind: .bounce, message: #"""
Return-Path: <>
Date: Sat, 14 Nov 2026 10:00:00 +0100
From: Postmaster@hillside.example
To: bounce+54@harborlight.example
Subject: DELIVERY FAILURE: Error transferring to HUB01/Hillside; Cannot route mail to user
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="0__=ABCDEF0123456789"

--0__=ABCDEF0123456789
Content-Type: text/plain; charset=US-ASCII

Your message

  Subject: This week at Harbor Light

was not delivered to:

  r.shaw@hillside.example

because:

  Cannot route mail to user (r.shaw@hillside.example)

--0__=ABCDEF0123456789
Content-Type: message/rfc822

From: Harbor Light <news@harborlight.example>
To: r.shaw@hillside.example
Subject: This week at Harbor Light
Message-ID: <issue-54.1@harborlight.example>

Three new posts.

--0__=ABCDEF0123456789--
"""#,
             recipients: [Expected(email: "r.shaw@hillside.example", status: nil, hard: false, reason: "filtered")]),
        Case(name: "domino-user", family: "Lotus Domino", kind: .bounce, message: #"""
Return-Path: <>
Received: from notes.lakeside.example ([192.0.2.77]) by mx.lakeside.example; Fri, 13 Nov 2026 09:30:00 +0900
Date: Fri, 13 Nov 2026 09:30:00 +0900
From: Postmaster@lakeside.example
To: bounce+53@harborlight.example
Subject: DELIVERY FAILURE: User q.reyes (q.reyes@lakeside.example) not listed in Domino Directory
Message-ID: <OF0A1B2C3D.4E5F6071-ON49257A00.0012AB34@lakeside.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="0__=4EBBF6A4DFF3C5E48f9e8a93df938690918c4EBBF6A4DFF3C5E4"

--0__=4EBBF6A4DFF3C5E48f9e8a93df938690918c4EBBF6A4DFF3C5E4
Content-Type: text/plain; charset=ISO-2022-JP

Your message

  Subject: This week at Harbor Light

was not delivered to:

  q.reyes@lakeside.example

because:

  User q.reyes (q.reyes@lakeside.example) not listed in Domino Directory

--0__=4EBBF6A4DFF3C5E48f9e8a93df938690918c4EBBF6A4DFF3C5E4
Content-Type: message/rfc822

From: Harbor Light <news@harborlight.example>
To: q.reyes@lakeside.example
Subject: This week at Harbor Light
Message-ID: <issue-53.1@harborlight.example>

Three new posts.

--0__=4EBBF6A4DFF3C5E48f9e8a93df938690918c4EBBF6A4DFF3C5E4--
"""#,
             recipients: [Expected(email: "q.reyes@lakeside.example", status: nil, hard: true, reason: "userunknown")]),
        Case(name: "gg-de", family: "Google Groups", kind: .bounce, message: #"""
Return-Path: <>
Received: by 2002:a17:90a:55::2 with SMTP id zz; Tue, 3 Nov 2026 02:01:11 -0800 (PST)
X-Google-Smtp-Source: AGHT+IHexample0000000000000000000000000000000002
Date: Tue, 03 Nov 2026 02:01:11 -0800 (PST)
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: news@harborlight.example
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: angehoerige@googlegroups.com
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hallo news@harborlight.example,

die Gruppe, die Sie kontaktieren wollten (angehoerige), existiert m=C3=B6gl=
icherweise nicht oder Sie sind nicht berechtigt, Nachrichten an die Gruppe =
zu senden. Weitere Informationen dazu, warum Sie keine Nachrichten posten k=
onnten:

 * M=C3=B6glicherweise haben Sie den Namen der Gruppe falsch geschrieben.
 * Der Inhaber der Gruppe hat die Gruppe eventuell entfernt.
 * Sie m=C3=BCssen der Gruppe m=C3=B6glicherweise beitreten.
 * In dieser Gruppe ist das Posten m=C3=B6glicherweise nicht erlaubt.

Vielen Dank

Google Groups

----- Original message -----

From: Harbor Light <news@harborlight.example>
To: angehoerige@googlegroups.com
Subject: Diese Woche
Message-ID: <issue-43.9@harborlight.example>

Drei neue Beitr=C3=A4ge.
"""#,
             recipients: [Expected(email: "angehoerige@googlegroups.com", status: nil, hard: false, reason: "rejected")]),
        Case(name: "gg-en", family: "Google Groups", kind: .bounce, message: #"""
Return-Path: <>
Received: by 2002:a05:6a10:1234::1 with SMTP id abc; Mon, 2 Nov 2026 09:14:07 -0800 (PST)
X-Google-Smtp-Source: AGHT+IHexample0000000000000000000000000000000001
X-Received: by 2002:a05:6a10:1234::1 with SMTP id abc; Mon, 02 Nov 2026 09:14:07 -0800 (PST)
Date: Mon, 02 Nov 2026 09:14:07 -0800 (PST)
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: news@harborlight.example
Auto-Submitted: auto-replied
Message-ID: <5f2a1c.abc123.postmaster@googlemail.com>
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: family-circle@googlegroups.com
Content-Type: multipart/mixed; boundary="000000000000aa11bb22cc33"

--000000000000aa11bb22cc33
Content-Type: multipart/alternative; boundary="000000000000dd44ee55"

--000000000000dd44ee55
Content-Type: text/plain; charset="UTF-8"

Hello news@harborlight.example,

We're writing to let you know that the group you tried to contact (family-circle) may not exist, or you may not have permission to post messages to the group. A few more details on why you weren't able to post:

 * You might have spelled or formatted the group name incorrectly.
 * The owner of the group may have removed this group.
 * You may need to join the group before receiving permission to post.
 * This group may not be open to posting.

If you have questions related to this or any other Google Group, visit the Help Center at https://groups.google.com/support/.

Thanks,

Google Groups

--000000000000dd44ee55
Content-Type: text/html; charset="UTF-8"

<html><body><p>Hello news@harborlight.example,</p><p>We're writing to let you know that the group you tried to contact (family-circle) may not exist, or you may not have permission to post messages to the group.</p></body></html>

--000000000000dd44ee55--
--000000000000aa11bb22cc33
Content-Type: message/rfc822

Return-Path: <bounce+42@harborlight.example>
From: Harbor Light <news@harborlight.example>
To: family-circle@googlegroups.com
Subject: This week at Harbor Light
Message-ID: <issue-42.7@harborlight.example>
Date: Mon, 02 Nov 2026 17:14:00 +0000

This week: three new posts.

--000000000000aa11bb22cc33--
"""#,
             recipients: [Expected(email: "family-circle@googlegroups.com", status: nil, hard: false, reason: "rejected")]),
        Case(name: "gg-ja", family: "Google Groups", kind: .bounce, message: #"""
Return-Path: <>
Received: by 2002:a05:7000:1::3 with SMTP id yy; Wed, 4 Nov 2026 20:00:00 -0800 (PST)
X-Google-Smtp-Source: AGHT+IHexample0000000000000000000000000000000003
Date: Wed, 04 Nov 2026 20:00:00 -0800 (PST)
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: news@harborlight.example
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: kazoku@googlegroups.com, support-circle@googlegroups.com
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

44GT44KT44Gr44Gh44GvIG5ld3NAaGFyYm9ybGlnaHQuZXhhbXBsZSDjgZXjgpPjgIEKCuOBlOmA
o+e1oeOBl+OCiOOBhuOBqOOBl+OBn+OCsOODq+ODvOODl++8iGthem9rde+8ieOBr+WtmOWcqOOB
l+OBquOBhOOBi+OAgeOCsOODq+ODvOODl+OBq+ODoeODg+OCu+ODvOOCuOOCkuaKleeov+OBmeOC
i+aoqemZkOOBjOOBquOBhOWPr+iDveaAp+OBjOOBguOCiuOBvuOBmeOAggoKICog44Kw44Or44O8
44OX5ZCN44Gu6KGo6KiY44GM6ZaT6YGV44Gj44Gm44GE44KL5Y+v6IO95oCn44GM44GC44KK44G+
44GZ44CCCiAqIOOCsOODq+ODvOODl+OBruOCquODvOODiuODvOOBjOOCsOODq+ODvOODl+OCkuWJ
iumZpOOBl+OBn+WPr+iDveaAp+OBjOOBguOCiuOBvuOBmeOAggogKiDmipXnqL/jgZnjgovliY3j
gavjgrDjg6vjg7zjg5fjgavlj4LliqDjgZnjgovlv4XopoHjgYzjgYLjgovlj6/og73mgKfjgYzj
gYLjgorjgb7jgZnjgIIKICog44GT44Gu44Kw44Or44O844OX44Gv5oqV56i/44KS5Y+X44GR5LuY
44GR44Gm44GE44Gq44GE5Y+v6IO95oCn44GM44GC44KK44G+44GZ44CCCgpHb29nbGUg44Kw44Or
44O844OXCg==
"""#,
             recipients: [Expected(email: "kazoku@googlegroups.com", status: nil, hard: false, reason: "rejected"), Expected(email: "support-circle@googlegroups.com", status: nil, hard: false, reason: "rejected")]),
        Case(name: "imail-data", family: "IMail", kind: .bounce, message: #"""
Return-Path: <>
Date: Mon, 9 Nov 2026 08:00:00 -0600
From: postmaster@relay.smallclinic.example
To: bounce+48@harborlight.example
Subject: Undeliverable Mail
X-Mailer: <SMTP32 v10.05>
Message-ID: <20261109080000.0002@relay.smallclinic.example>
MIME-Version: 1.0
Content-Type: text/plain

User mailbox exceeds allowed size: g.harris@smallclinic.example

Body of message generated response:
552 5.2.2 Mailbox quota exceeded

Original message follows.

From: Harbor Light <news@harborlight.example>
To: g.harris@smallclinic.example
Subject: This week at Harbor Light
Message-ID: <issue-48.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "g.harris@smallclinic.example", status: "5.2.2", hard: false, reason: "mailboxfull")]),
        Case(name: "imail-host", family: "IMail", kind: .bounce, message: #"""
Return-Path: <>
Date: Mon, 9 Nov 2026 09:00:00 -0600
From: postmaster@relay.smallclinic.example
To: bounce+49@harborlight.example
Subject: Undeliverable Mail
X-Mailer: <SMTP32 v10.05>
MIME-Version: 1.0
Content-Type: text/plain

Unknown host: gone-domain.example

Delivery failed 3 attempts: h.ivers@gone-domain.example

Original message follows.

From: Harbor Light <news@harborlight.example>
To: h.ivers@gone-domain.example
Subject: This week at Harbor Light
Message-ID: <issue-49.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "h.ivers@gone-domain.example", status: nil, hard: false, reason: "expired")]),
        Case(name: "imail-user", family: "IMail", kind: .bounce, message: #"""
Return-Path: <>
Received: from mail.smallclinic.example by mail.smallclinic.example (IMail 8.22) id ABCD; Sun, 8 Nov 2026 11:11:11 -0600
Date: Sun, 8 Nov 2026 11:11:11 -0600
From: postmaster@mail.smallclinic.example
To: bounce+47@harborlight.example
Subject: Undeliverable Mail
X-Mailer: <SMTP32 v8.22>
Message-ID: <20261108111111.0001@mail.smallclinic.example>
MIME-Version: 1.0
Content-Type: text/plain

Unknown user: f.grant@smallclinic.example

Original message follows.

Received: from harborlight.example by mail.smallclinic.example (IMail 8.22)
From: Harbor Light <news@harborlight.example>
To: f.grant@smallclinic.example
Subject: This week at Harbor Light
Message-ID: <issue-47.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "f.grant@smallclinic.example", status: nil, hard: true, reason: "userunknown")]),
        Case(name: "notes-hop", family: "Lotus Notes", kind: .bounce, message: #"""
Return-Path: <>
Date: Sun, 15 Nov 2026 08:08:08 +0900
From: Postmaster <postmaster@notes.oakridge.example>
To: bounce+56@harborlight.example
Subject: Undeliverable message
MIME-Version: 1.0
Content-Type: text/plain; charset=US-ASCII

------- Failure Reasons  --------

Message has exceeded maximum hop count
t.upton@notes.oakridge.example

------- Returned Message --------
From: Harbor Light <news@harborlight.example>
To: t.upton@notes.oakridge.example
Subject: This week at Harbor Light
Message-ID: <issue-56.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "t.upton@notes.oakridge.example", status: nil, hard: false, reason: "networkerror")]),
        Case(name: "notes-user", family: "Lotus Notes", kind: .bounce, message: #"""
Return-Path: <>
Date: Sun, 15 Nov 2026 07:07:07 +0900
From: Postmaster <postmaster@notes.oakridge.example>
To: bounce+55@harborlight.example
Subject: Undeliverable message
MIME-Version: 1.0
Content-Type: text/plain; charset=US-ASCII

------- Failure Reasons  --------

User not listed in public Name & Address Book
s.tan@notes.oakridge.example

------- Returned Message --------
Received: from harborlight.example by notes.oakridge.example
From: Harbor Light <news@harborlight.example>
To: s.tan@notes.oakridge.example
Subject: This week at Harbor Light
Message-ID: <issue-55.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "s.tan@notes.oakridge.example", status: nil, hard: true, reason: "userunknown")]),
        Case(name: "osmtpd-delay", family: "OpenSMTPD", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost [local]) by smtp.harborlight.example (OpenSMTPD) with ESMTPA id 55667788 for <news@harborlight.example>; Thu, 12 Nov 2026 04:00:00 +0000 (UTC)
Date: Thu, 12 Nov 2026 04:00:00 +0000 (UTC)
From: Mailer Daemon <MAILER-DAEMON@smtp.harborlight.example>
To: news@harborlight.example
Subject: Delivery status notification: error
Message-ID: <0011223344556677@smtp.harborlight.example>

Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.

    An error has occurred while attempting to deliver a message for
    the following list of recipients:

o.park@slowhost.example: Network error on destination MXs
p.quinn@deadmx.example: Destination seem to reject all mails

    Below is a copy of the original message:

From: Harbor Light <news@harborlight.example>
To: o.park@slowhost.example
Subject: This week at Harbor Light
Message-ID: <issue-52.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "o.park@slowhost.example", status: nil, hard: false, reason: "networkerror"), Expected(email: "p.quinn@deadmx.example", status: nil, hard: true, reason: "notaccept")]),
        Case(name: "osmtpd-old", family: "OpenSMTPD", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost [local]) by smtp.harborlight.example (OpenSMTPD) with ESMTPA id 77aa88bb for <news@harborlight.example>; Wed, 11 Nov 2026 04:00:00 +0000 (UTC)
Date: Wed, 11 Nov 2026 04:00:00 +0000 (UTC)
From: Mailer Daemon <MAILER-DAEMON@smtp.harborlight.example>
To: news@harborlight.example
Subject: Delivery status notification: error
Message-ID: <ffeeddccbbaa0099@smtp.harborlight.example>

Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.

    An error has occurred while attempting to deliver a message for
    the following list of recipients:

k.lee@nodomain.example: Domain does not exist
l.moss@quiet.example: Envelope expired
m.novak@full.example: 552 5.2.2 Mailbox full

    Below is a copy of the original message:

Received: from harborlight.example (localhost [127.0.0.1]) by smtp.harborlight.example (OpenSMTPD) with ESMTP id 11223344
From: Harbor Light <news@harborlight.example>
To: k.lee@nodomain.example
Subject: This week at Harbor Light
Message-ID: <issue-51.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "k.lee@nodomain.example", status: nil, hard: true, reason: "hostunknown"), Expected(email: "l.moss@quiet.example", status: nil, hard: false, reason: "expired"), Expected(email: "m.novak@full.example", status: "5.2.2", hard: false, reason: "mailboxfull")]),
        Case(name: "osmtpd-user", family: "OpenSMTPD", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost [local]) by mx.harborlight.example (OpenSMTPD) with ESMTPA id 1f2e3d4c for <news@harborlight.example>; Tue, 10 Nov 2026 12:00:00 +0000 (UTC)
Date: Tue, 10 Nov 2026 12:00:00 +0000 (UTC)
From: Mailer Daemon <MAILER-DAEMON@mx.harborlight.example>
To: news@harborlight.example
Subject: Delivery status notification: error
Message-ID: <a1b2c3d4e5f60718@mx.harborlight.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="16234567890.abcdef.mx.harborlight.example"

This is a MIME-encapsulated message.

--16234567890.abcdef.mx.harborlight.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

Hi!

This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.

An error has occurred while attempting to deliver a message for
the following list of recipients:

i.james@peerhelp.example: 550 5.1.1 <i.james@peerhelp.example>: Recipient address rejected: User unknown in virtual mailbox table
j.kaur@peerhelp.example: 550 5.1.1 <j.kaur@peerhelp.example>: Recipient address rejected: User unknown in virtual mailbox table

Below is a copy of the original message:

--16234567890.abcdef.mx.harborlight.example
Content-Description: Message headers
Content-Type: text/rfc822-headers

Received: from harborlight.example (localhost [127.0.0.1]) by mx.harborlight.example (OpenSMTPD) with ESMTP id 9a8b7c6d
From: Harbor Light <news@harborlight.example>
To: i.james@peerhelp.example
Subject: This week at Harbor Light
Message-ID: <issue-50.1@harborlight.example>

--16234567890.abcdef.mx.harborlight.example--
"""#,
             recipients: [Expected(email: "i.james@peerhelp.example", status: "5.1.1", hard: true, reason: "userunknown"), Expected(email: "j.kaur@peerhelp.example", status: "5.1.1", hard: true, reason: "userunknown")]),
        Case(name: "v5-fatal", family: "V5 Sendmail", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost) by gw.oldhost.example (8.8.8/8.8.8) id BAA00077; Sat, 7 Nov 2026 01:00:00 -0500
Date: Sat, 7 Nov 2026 01:00:00 -0500
From: Mail Delivery Subsystem <MAILER-DAEMON@gw.oldhost.example>
Subject: Returned mail: Service unavailable
Message-Id: <202611070600.BAA00077@gw.oldhost.example>
To: <bounce+46@harborlight.example>

The original message was received at Sat, 7 Nov 2026 00:59:58 -0500
from harborlight.example [192.0.2.10]

   ----- The following addresses had permanent fatal errors -----
<d.kim@counsel.example>
<e.lopez@counsel.example>

   ----- Transcript of session follows -----
... while talking to mail.counsel.example.:
>>> RCPT To:<d.kim@counsel.example>
<<< 550 5.1.1 <d.kim@counsel.example>... User unknown
550 <d.kim@counsel.example>... Service unavailable
>>> RCPT To:<e.lopez@counsel.example>
<<< 550 5.2.1 <e.lopez@counsel.example>... Mailbox disabled for this recipient
550 <e.lopez@counsel.example>... Service unavailable

   ----- Unsent message follows -----
From: Harbor Light <news@harborlight.example>
To: d.kim@counsel.example, e.lopez@counsel.example
Subject: This week at Harbor Light
Message-ID: <issue-46.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "d.kim@counsel.example", status: "5.1.1", hard: true, reason: "userunknown"), Expected(email: "e.lopez@counsel.example", status: "5.2.1", hard: false, reason: "suspend")]),
        Case(name: "v5-one", family: "V5 Sendmail", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost) by mail.oldhost.example (8.6.12/8.6.12) id KAA01234; Thu, 5 Nov 2026 10:02:11 +0900
Date: Thu, 5 Nov 2026 10:02:11 +0900
From: Mail Delivery Subsystem <MAILER-DAEMON@mail.oldhost.example>
Subject: Returned mail: Host unknown (Name server: mx.nowhere.example: host not found)
Message-Id: <202611050102.KAA01234@mail.oldhost.example>
To: <bounce+44@harborlight.example>

   ----- Transcript of session follows -----
550 <reader.one@nowhere.example>... Host unknown (Name server: mx.nowhere.example: host not found)

   ----- Unsent message follows -----
Received: from harborlight.example by mail.oldhost.example (8.6.12/8.6.12) id KAA01233; Thu, 5 Nov 2026 10:02:10 +0900
From: Harbor Light <news@harborlight.example>
To: reader.one@nowhere.example
Subject: This week at Harbor Light
Message-ID: <issue-44.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "reader.one@nowhere.example", status: nil, hard: true, reason: "hostunknown")]),
        Case(name: "v5-talk", family: "V5 Sendmail", kind: .bounce, message: #"""
Return-Path: <>
Received: from localhost (localhost) by relay.oldhost.example (8.7.5/8.7.3) id QAA22222; Fri, 6 Nov 2026 16:40:00 +0100
Date: Fri, 6 Nov 2026 16:40:00 +0100
From: Mail Delivery Subsystem <MAILER-DAEMON@relay.oldhost.example>
Subject: Returned mail: User unknown
Message-Id: <202611061540.QAA22222@relay.oldhost.example>
To: <bounce+45@harborlight.example>

   ----- Transcript of session follows -----
... while talking to mx.familyclinic.example.:
>>> RCPT To:<ana.m@familyclinic.example>
<<< 550 <ana.m@familyclinic.example>... User unknown
550 <ana.m@familyclinic.example>... User unknown
>>> RCPT To:<b.ortiz@familyclinic.example>
<<< 550 <b.ortiz@familyclinic.example>... User unknown
550 <b.ortiz@familyclinic.example>... User unknown
>>> RCPT To:<c.wu@familyclinic.example>
<<< 552 <c.wu@familyclinic.example>... Mailbox full
552 <c.wu@familyclinic.example>... Mailbox full

   ----- Unsent message follows -----
Received: from harborlight.example by relay.oldhost.example (8.7.5/8.7.3) id QAA22221; Fri, 6 Nov 2026 16:39:59 +0100
From: Harbor Light <news@harborlight.example>
To: undisclosed-recipients:;
Subject: This week at Harbor Light
Message-ID: <issue-45.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "ana.m@familyclinic.example", status: nil, hard: true, reason: "userunknown"), Expected(email: "b.ortiz@familyclinic.example", status: nil, hard: true, reason: "userunknown"), Expected(email: "c.wu@familyclinic.example", status: nil, hard: false, reason: "mailboxfull")]),
        Case(name: "workmail-disabled", family: "Amazon WorkMail", kind: .bounce, message: #"""
Return-Path: <>
Received: from smtp.us-west-2.mail.example (localhost [127.0.0.1]) by inbound-smtp.us-west-2.amazonaws.com with SMTP id abc; Wed, 18 Nov 2026 01:01:01 +0000 (UTC)
Date: Wed, 18 Nov 2026 01:01:01 +0000
From: MAILER-DAEMON@us-west-2.awsapps.com
To: bounce+62@harborlight.example
Subject: Delivery Status Notification (Failure)
Message-ID: <0101017abcdef-aaaa-bbbb-cccc-000000000001-000000@us-west-2.amazonses.com>
X-Original-Mailer: Amazon WorkMail
X-SES-Outgoing: 2026.11.18-54.240.27.10
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_wm_001"

--=_wm_001
Content-Type: multipart/alternative; boundary="=_wm_002"

--=_wm_002
Content-Type: text/plain; charset=UTF-8



Your message wasn't delivered to cc.diaz@clinicmail.example because the recipient's mail server refused it.

Technical report:

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; cc.diaz@clinicmail.example
Diagnostic-Code: smtp; 550 'Mailbox unavailable: "5.2.1 The email account that you tried to reach is disabled."'
Status: 5.0.0

--=_wm_002
Content-Type: text/html; charset=UTF-8

<!DOCTYPE HTML><html><body><p>Your message wasn't delivered to cc.diaz@clinicmail.example because the recipient's mail server refused it.</p></body></html>

--=_wm_002--
--=_wm_001
Content-Type: message/delivery-status

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; cc.diaz@clinicmail.example
Diagnostic-Code: smtp; 550 'Mailbox unavailable: "5.2.1 The email account that you tried to reach is disabled."'
Status: 5.0.0

--=_wm_001
Content-Type: message/rfc822

From: Harbor Light <news@harborlight.example>
To: cc.diaz@clinicmail.example
Subject: This week at Harbor Light
Message-ID: <issue-62.1@harborlight.example>

Three new posts.

--=_wm_001--
"""#,
             recipients: [Expected(email: "cc.diaz@clinicmail.example", status: "5.2.1", hard: false, reason: "suspend")]),
        Case(name: "workmail-expired", family: "Amazon WorkMail", kind: .bounce, message: #"""
Return-Path: <>
Received: from smtp.us-west-2.mail.example (localhost [127.0.0.1]) by inbound-smtp.us-west-2.amazonaws.com with SMTP id abc; Wed, 18 Nov 2026 01:01:01 +0000 (UTC)
Date: Wed, 18 Nov 2026 01:01:01 +0000
From: MAILER-DAEMON@us-west-2.awsapps.com
To: bounce+61@harborlight.example
Subject: Delivery Status Notification (Failure)
Message-ID: <0101017abcdef-aaaa-bbbb-cccc-000000000001-000000@us-west-2.amazonses.com>
X-Original-Mailer: Amazon WorkMail
X-SES-Outgoing: 2026.11.18-54.240.27.10
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_wm_001"

--=_wm_001
Content-Type: multipart/alternative; boundary="=_wm_002"

--=_wm_002
Content-Type: text/plain; charset=UTF-8



Your message wasn't delivered to bb.cruz@clinicmail.example because the recipient's mail server refused it.

Technical report:

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; bb.cruz@clinicmail.example
Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>
Status: 5.0.0

--=_wm_002
Content-Type: text/html; charset=UTF-8

<!DOCTYPE HTML><html><body><p>Your message wasn't delivered to bb.cruz@clinicmail.example because the recipient's mail server refused it.</p></body></html>

--=_wm_002--
--=_wm_001
Content-Type: message/delivery-status

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; bb.cruz@clinicmail.example
Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>
Status: 5.0.0

--=_wm_001
Content-Type: message/rfc822

From: Harbor Light <news@harborlight.example>
To: bb.cruz@clinicmail.example
Subject: This week at Harbor Light
Message-ID: <issue-61.1@harborlight.example>

Three new posts.

--=_wm_001--
"""#,
             recipients: [Expected(email: "bb.cruz@clinicmail.example", status: "4.4.7", hard: false, reason: "expired")]),
        Case(name: "workmail-user", family: "Amazon WorkMail", kind: .bounce, message: #"""
Return-Path: <>
Received: from smtp.us-west-2.mail.example (localhost [127.0.0.1]) by inbound-smtp.us-west-2.amazonaws.com with SMTP id abc; Wed, 18 Nov 2026 01:01:01 +0000 (UTC)
Date: Wed, 18 Nov 2026 01:01:01 +0000
From: MAILER-DAEMON@us-west-2.awsapps.com
To: bounce+60@harborlight.example
Subject: Delivery Status Notification (Failure)
Message-ID: <0101017abcdef-aaaa-bbbb-cccc-000000000001-000000@us-west-2.amazonses.com>
X-Original-Mailer: Amazon WorkMail
X-SES-Outgoing: 2026.11.18-54.240.27.10
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_wm_001"

--=_wm_001
Content-Type: multipart/alternative; boundary="=_wm_002"

--=_wm_002
Content-Type: text/plain; charset=UTF-8



Your message wasn't delivered to aa.bell@clinicmail.example because the address couldn't be found.

Technical report:

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; aa.bell@clinicmail.example
Diagnostic-Code: smtp; 550 5.1.1 user unknown
Status: 5.1.1

--=_wm_002
Content-Type: text/html; charset=UTF-8

<!DOCTYPE HTML><html><body><p>Your message wasn't delivered to aa.bell@clinicmail.example because the address couldn't be found.</p></body></html>

--=_wm_002--
--=_wm_001
Content-Type: message/delivery-status

Reporting-MTA: dsn; a27-10.smtp-out.us-west-2.amazonses.com

Action: failed
Final-Recipient: rfc822; aa.bell@clinicmail.example
Diagnostic-Code: smtp; 550 5.1.1 user unknown
Status: 5.1.1

--=_wm_001
Content-Type: message/rfc822

From: Harbor Light <news@harborlight.example>
To: aa.bell@clinicmail.example
Subject: This week at Harbor Light
Message-ID: <issue-60.1@harborlight.example>

Three new posts.

--=_wm_001--
"""#,
             recipients: [Expected(email: "aa.bell@clinicmail.example", status: "5.1.1", hard: true, reason: "userunknown")]),
        Case(name: "x2-quota", family: "X2", kind: .bounce, message: #"""
Return-Path: <>
Date: Mon, 16 Nov 2026 06:06:06 -0800
From: MAILER-DAEMON@mx.webmail.example
To: bounce+58@harborlight.example
Subject: Delivery failure
Message-ID: <x2-2@mx.webmail.example>

Unable to deliver message to the following address(es).

<v.wells@webmail.example>:
Sorry, the mailbox of this user is over quota (#5.2.2)

<w.xu@mail.remote.example>:
Sorry, I couldn't find any host named mail.remote.example. (#5.1.2)

--- Original message follows.

From: Harbor Light <news@harborlight.example>
To: v.wells@webmail.example
Subject: This week at Harbor Light
Message-ID: <issue-58.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "v.wells@webmail.example", status: "5.2.2", hard: false, reason: "mailboxfull"), Expected(email: "w.xu@mail.remote.example", status: "5.1.2", hard: true, reason: "hostunknown")]),
        Case(name: "x2-remote", family: "X2", kind: .bounce, message: #"""
Return-Path: <>
Date: Tue, 17 Nov 2026 06:06:06 -0800
From: MAILER-DAEMON@mx.webmail.example
To: bounce+59@harborlight.example
Subject: failed delivery
Message-ID: <x2-3@mx.webmail.example>

Unable to deliver message to the following address(es).

<y.young@elsewhere.example>:
192.0.2.99 failed after I sent the message.
Remote host said: 554 delivery error: dd This user doesn't have a elsewhere.example account (y.young@elsewhere.example) [-5]

<z.zane@elsewhere.example>:
192.0.2.99 does not like recipient.
Remote host said: 550 5.7.1 Message rejected as spam by Content Filtering.

--- Original message follows.

From: Harbor Light <news@harborlight.example>
To: y.young@elsewhere.example
Subject: This week at Harbor Light
Message-ID: <issue-59.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "y.young@elsewhere.example", status: nil, hard: false, reason: "filtered"), Expected(email: "z.zane@elsewhere.example", status: "5.7.1", hard: false, reason: "spamdetected")]),
        Case(name: "x2-user", family: "X2", kind: .bounce, message: #"""
Return-Path: <>
Date: Mon, 16 Nov 2026 05:05:05 -0800
From: MAILER-DAEMON@mx.webmail.example
To: bounce+57@harborlight.example
Subject: failure delivery
Message-ID: <x2-1@mx.webmail.example>

Unable to deliver message to the following address(es).

<u.vance@webmail.example>:
This user doesn't have a webmail.example account (u.vance@webmail.example) [0]

--- Original message follows.

From: Harbor Light <news@harborlight.example>
To: u.vance@webmail.example
Subject: This week at Harbor Light
Message-ID: <issue-57.1@harborlight.example>

Three new posts.
"""#,
             recipients: [Expected(email: "u.vance@webmail.example", status: nil, hard: false, reason: "filtered")]),
    ]

    @Test(arguments: cases.map(\.name)) func readsEachFamily(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let report = ReportParser.parse(Array(c.message.utf8))
        #expect(report.kind == c.kind, "\(c.family) \(name): \(report.kind)")
        let mine = report.recipients.map { Expected(email: $0.email, status: $0.status, hard: $0.hard, reason: $0.reason.rawValue) }
        #expect(mine.map(\.email) == c.recipients.map(\.email), "\(c.family) \(name)")
        for (got, want) in zip(mine, c.recipients) {
            #expect(got.status == want.status && got.hard == want.hard && got.reason == want.reason, "\(c.family) \(name): \(got) is not \(want)")
        }
        // The same with CRLF and with CR line ends.
        let crlf = c.message.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = c.message.replacingOccurrences(of: "\n", with: "\r")
        #expect(ReportParser.parse(Array(crlf.utf8)) == report, "\(name) with CRLF")
        #expect(ReportParser.parse(Array(cr.utf8)) == report, "\(name) with CR")
    }

    /// Sisimai, read on the same messages: every recipient it finds is found, with the
    /// same hard or soft verdict, and where its status is one a message holds, that status.
    @Test(.enabled(if: Sisimai.isInstalled, "Sisimai (libsisimai-perl) is not installed"))
    func agreesWithSisimai() throws {
        for c in Self.cases {
            let report = ReportParser.parse(Array(c.message.utf8))
            let theirs = try Sisimai.dump(Data(c.message.utf8))
            #expect(!theirs.isEmpty, "\(c.name): Sisimai reads nothing")
            for row in theirs {
                let email = (row["recipient"] as? String ?? "").lowercased()
                let mine = report.recipients.first { $0.email == email }
                #expect(mine != nil, "\(c.name): \(email) not found")
                if let soft = row["softbounce"] as? Int, soft >= 0 {
                    #expect(mine?.hard == (soft == 0), "\(c.name): \(email) hard \(String(describing: mine?.hard)), Sisimai softbounce \(soft)")
                }
                if let status = row["deliverystatus"] as? String, !status.isEmpty, !(status.dropFirst(1).hasPrefix(".0.9")) {
                    #expect(mine?.status == status, "\(c.name): \(email) status \(String(describing: mine?.status)), Sisimai \(status)")
                }
            }
        }
    }
}
