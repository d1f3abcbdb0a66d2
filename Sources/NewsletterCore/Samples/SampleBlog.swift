/// The bundled sample blog: a small counseling clinic's RSS 2.0 feed, the embedded default
/// `NEWSLETTER_FEED`, so that the tool runs end to end with no configuration.
public enum SampleBlog {
    /// The URL the sample feed pretends to live at; its relative links resolve against it.
    public static let feedURL = "https://www.harborlightclinic.example/feed/"

    /// The clinic's sender and postal address, used when the sample feed is the source.
    public static let from = EmailAddress("newsletter@harborlightclinic.example", name: "Harbor Light Counseling")
    public static let postalAddress = "Harbor Light Counseling, 240 Harbor Street, Suite 3, Portland, ME 04101, USA"

    public static let feedXML = """
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Harbor Light Counseling</title>
  <link>https://www.harborlightclinic.example/blog/</link>
  <atom:link href="https://www.harborlightclinic.example/feed/" rel="self" type="application/rss+xml" />
  <description>Practical mental-health ideas from the clinicians at Harbor Light Counseling.</description>
  <language>en-US</language>
  <lastBuildDate>Thu, 26 Nov 2026 14:05:00 GMT</lastBuildDate>
  <item>
    <title>A Gentle Guide to Holiday Stress</title>
    <link>https://www.harborlightclinic.example/blog/holiday-stress-survival-guide/</link>
    <guid isPermaLink="false">harborlight-holiday-stress-survival-guide</guid>
    <pubDate>Thu, 26 Nov 2026 14:00:00 GMT</pubDate>
    <dc:creator>Dr. Maya Okafor</dc:creator>
    <category>Anxiety</category>
    <category>Self-Care</category>
    <description>The holidays promise connection and rest, yet for many people they bring crowded calendars, money worries and old family tensions. If the season leaves you more drained than joyful, you are not alone.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/holiday-table.jpg" alt="" width="600" /></p>
<p>The holidays promise connection and rest, yet for many people they bring crowded calendars, money worries and old family tensions. If the season leaves you more drained than joyful, you are not alone.</p>
<h2>Plan for the hard moments</h2>
<p>Think ahead about the gatherings that tend to be difficult. Decide in advance how long you will stay, who you can step outside with, and what you will say if a conversation turns painful.</p>
<ul>
<li><strong>Keep one routine</strong>: a morning walk or a regular bedtime anchors the day.</li>
<li><strong>Set a budget</strong> before you shop, and share it with someone who will help you keep it.</li>
<li><strong>Say no kindly</strong>: you do not owe anyone an explanation for protecting your energy.</li>
</ul>
<p>If grief or loneliness is sharper this time of year, tell someone. Our therapists hold extra evening sessions through December.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/holiday-table.jpg" width="600" height="338" />
  </item>
  <item>
    <title>“Just Calm Down” &amp; Other Things Not to Say to Someone With Anxiety</title>
    <link>https://www.harborlightclinic.example/blog/just-calm-down/</link>
    <guid isPermaLink="false">harborlight-just-calm-down</guid>
    <pubDate>Thu, 19 Nov 2026 14:00:00 GMT</pubDate>
    <dc:creator>Jordan Reyes, LCSW</dc:creator>
    <category>Anxiety</category>
    <category>Family &amp; Friends</category>
    <description>When someone we love is anxious, we want to fix it fast. Phrases like &lt;em&gt;"just calm down"&lt;/em&gt; or &lt;em&gt;"it's all in your head"&lt;/em&gt; come from a caring place, but they often leave the person feeling judged and more alone.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/two-friends-talking.jpg" alt="" width="600" /></p>
<p>When someone we love is anxious, we want to fix it fast. Phrases like <em>"just calm down"</em> or <em>"it's all in your head"</em> come from a caring place, but they often leave the person feeling judged and more alone.</p>
<h2>What helps instead</h2>
<ol>
<li>"I'm here. Do you want to talk, or would you like company?"</li>
<li>"That sounds really hard. What would help right now?"</li>
<li>"Let's breathe together for a minute."</li>
</ol>
<p>Listening without rushing to solve is one of the most powerful things you can offer. And if you are the one who is anxious, it is okay to tell people what you need.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/two-friends-talking.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Rest Is Not a Reward — Notes on Burnout</title>
    <link>https://www.harborlightclinic.example/blog/rest-is-not-a-reward/</link>
    <guid isPermaLink="false">harborlight-rest-is-not-a-reward</guid>
    <pubDate>Thu, 12 Nov 2026 14:00:00 GMT</pubDate>
    <dc:creator>Dr. Maya Okafor</dc:creator>
    <category>Burnout</category>
    <category>Self-Care</category>
    <description>Burnout is not a personal failing. The World Health Organization describes it as the result of chronic workplace stress that has not been successfully managed: exhaustion, growing distance from one's work, and a sense of reduced effectiveness.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/empty-desk-window.jpg" alt="" width="600" /></p>
<p>Burnout is not a personal failing. The World Health Organization describes it as the result of chronic workplace stress that has not been successfully managed: exhaustion, growing distance from one's work, and a sense of reduced effectiveness.</p>
<p>Many of the people we see treat rest as something to earn once everything is done. But everything is never done.</p>
<h2>Small ways to start</h2>
<ul>
<li>Put breaks in your calendar as if they were meetings.</li>
<li>Notice the first signs: irritability, poor sleep, dreading Monday on Saturday.</li>
<li>Talk to your manager or HR about workload before you reach empty.</li>
</ul>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/empty-desk-window.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Can IOPs Help You Regain Control Over Your Mental Health Journey?</title>
    <link>https://www.harborlightclinic.example/blog/understanding-iop/</link>
    <guid isPermaLink="false">harborlight-understanding-iop</guid>
    <pubDate>Thu, 05 Nov 2026 14:00:00 GMT</pubDate>
    <dc:creator>Harbor Light Clinical Team</dc:creator>
    <category>Treatment</category>
    <category>Programs</category>
    <description>Intensive Outpatient Programs (IOPs) sit between inpatient care and weekly therapy. Participants attend several hours of treatment a few days each week and go home in the evening.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/group-therapy-room.jpg" alt="" width="600" /></p>
<p>Intensive Outpatient Programs (IOPs) sit between inpatient care and weekly therapy. Participants attend several hours of treatment a few days each week and go home in the evening.</p>
<h2>Who an IOP suits</h2>
<ul>
<li>People stepping down from a hospital or residential stay.</li>
<li>People whose symptoms need more than a weekly session but not 24-hour care.</li>
<li>People who need to keep working, studying or caring for family.</li>
</ul>
<p>Our IOP combines individual counseling, group therapy, psychoeducation and family sessions. <a href="/programs/iop/">Read more about the program</a> or call us to ask whether it is a good fit.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/group-therapy-room.jpg" width="600" height="338" />
  </item>
  <item>
    <title>When the Days Get Shorter: Seasonal Affective Disorder</title>
    <link>https://www.harborlightclinic.example/blog/seasonal-affective-disorder/</link>
    <guid isPermaLink="false">harborlight-seasonal-affective-disorder</guid>
    <pubDate>Thu, 29 Oct 2026 13:00:00 GMT</pubDate>
    <dc:creator>Dr. Samuel Lin</dc:creator>
    <category>Depression</category>
    <category>Seasons</category>
    <description>As daylight fades in autumn, some people notice low mood, oversleeping, craving carbohydrates and pulling away from friends. When this pattern returns every year, it may be seasonal affective disorder (SAD).</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/autumn-light.jpg" alt="" width="600" /></p>
<p>As daylight fades in autumn, some people notice low mood, oversleeping, craving carbohydrates and pulling away from friends. When this pattern returns every year, it may be seasonal affective disorder (SAD).</p>
<p>Effective treatments exist: light therapy in the morning, cognitive behavioral therapy adapted for SAD, regular outdoor time, and sometimes medication.</p>
<p>If winter has been hard for you before, talk to us in October rather than February.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/autumn-light.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Sleep and Mood: Why a Good Night Matters</title>
    <link>https://www.harborlightclinic.example/blog/sleep-and-mood/</link>
    <guid isPermaLink="false">harborlight-sleep-and-mood</guid>
    <pubDate>Thu, 22 Oct 2026 13:00:00 GMT</pubDate>
    <dc:creator>Dr. Samuel Lin</dc:creator>
    <category>Sleep</category>
    <category>Self-Care</category>
    <description>Poor sleep and low mood feed each other. A few nights of broken sleep make worries louder; worries make sleep harder.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/bedside-lamp.jpg" alt="" width="600" /></p>
<p>Poor sleep and low mood feed each other. A few nights of broken sleep make worries louder; worries make sleep harder.</p>
<h2>Sleep basics that actually help</h2>
<ul>
<li>Get up at the same time every day, weekends included.</li>
<li>Keep the bed for sleep: if you are awake for more than twenty minutes, get up and do something calm.</li>
<li>Cut caffeine after lunch.</li>
</ul>
<p>Cognitive behavioral therapy for insomnia (CBT-I) is the first-line treatment for chronic insomnia, and it is one of the programs we offer.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/bedside-lamp.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Supporting a Teen Who Is Struggling</title>
    <link>https://www.harborlightclinic.example/blog/supporting-a-teen/</link>
    <guid isPermaLink="false">harborlight-supporting-a-teen</guid>
    <pubDate>Thu, 15 Oct 2026 13:00:00 GMT</pubDate>
    <dc:creator>Jordan Reyes, LCSW</dc:creator>
    <category>Teens</category>
    <category>Family &amp; Friends</category>
    <description>Moodiness is part of adolescence, but lasting changes in sleep, appetite, grades or friendships can be signs of something more.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/parent-and-teen.jpg" alt="" width="600" /></p>
<p>Moodiness is part of adolescence, but lasting changes in sleep, appetite, grades or friendships can be signs of something more.</p>
<p>Start with curiosity rather than questions that sound like an interrogation. Side-by-side time, such as a drive or a walk, often makes talking easier than sitting face to face.</p>
<p>If your teen mentions self-harm or suicide, take it seriously and get help the same day. In the US you can call or text <strong>988</strong> at any hour.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/parent-and-teen.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Five Grounding Techniques for Panic Attacks</title>
    <link>https://www.harborlightclinic.example/blog/grounding-techniques/</link>
    <guid isPermaLink="false">harborlight-grounding-techniques</guid>
    <pubDate>Thu, 08 Oct 2026 13:00:00 GMT</pubDate>
    <dc:creator>Dr. Maya Okafor</dc:creator>
    <category>Anxiety</category>
    <category>Skills</category>
    <description>A panic attack can feel like a heart attack: racing pulse, tight chest, the certainty that something terrible is happening. Grounding techniques bring attention back to the present.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/hands-on-grass.jpg" alt="" width="600" /></p>
<p>A panic attack can feel like a heart attack: racing pulse, tight chest, the certainty that something terrible is happening. Grounding techniques bring attention back to the present.</p>
<ol>
<li><strong>5-4-3-2-1</strong>: name five things you see, four you can touch, three you hear, two you smell, one you taste.</li>
<li><strong>Box breathing</strong>: in for four, hold for four, out for four, hold for four.</li>
<li><strong>Cold water</strong> on your wrists or face.</li>
<li><strong>Feet on the floor</strong>: press down and notice the contact.</li>
<li><strong>Say it out loud</strong>: "This is panic. It will pass."</li>
</ol>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/hands-on-grass.jpg" width="600" height="338" />
  </item>
  <item>
    <title>What to Expect at Your First Therapy Session</title>
    <link>https://www.harborlightclinic.example/blog/therapy-first-session/</link>
    <guid isPermaLink="false">harborlight-therapy-first-session</guid>
    <pubDate>Thu, 01 Oct 2026 13:00:00 GMT</pubDate>
    <dc:creator>Harbor Light Clinical Team</dc:creator>
    <category>Getting Started</category>
    <description>Starting therapy takes courage. Knowing what happens in the first hour can make it easier.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/therapy-office-chairs.jpg" alt="" width="600" /></p>
<p>Starting therapy takes courage. Knowing what happens in the first hour can make it easier.</p>
<p>Your therapist will ask what brings you in, about your history and your goals, and explain confidentiality. You can ask questions too: about their approach, how long therapy might take, and what to do if it does not feel like a good fit.</p>
<p>It is normal to feel tired or emotional afterwards. Be gentle with yourself that evening.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/therapy-office-chairs.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Movement and Mental Health: You Don't Need a Gym</title>
    <link>https://www.harborlightclinic.example/blog/movement-and-mental-health/</link>
    <guid isPermaLink="false">harborlight-movement-and-mental-health</guid>
    <pubDate>Thu, 24 Sep 2026 13:00:00 GMT</pubDate>
    <dc:creator>Dr. Samuel Lin</dc:creator>
    <category>Self-Care</category>
    <category>Depression</category>
    <description>Regular movement reduces symptoms of depression and anxiety. The good news: it does not have to be intense. A brisk twenty-minute walk counts.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/morning-walk.jpg" alt="" width="600" /></p>
<p>Regular movement reduces symptoms of depression and anxiety. The good news: it does not have to be intense. A brisk twenty-minute walk counts.</p>
<p>Pick something you enjoy, start small, and attach it to a habit you already have: a walk after lunch, stretching while the kettle boils.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/morning-walk.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Mindfulness for Beginners: Ten Minutes a Day</title>
    <link>https://www.harborlightclinic.example/blog/mindfulness-for-beginners/</link>
    <guid isPermaLink="false">harborlight-mindfulness-for-beginners</guid>
    <pubDate>Thu, 17 Sep 2026 13:00:00 GMT</pubDate>
    <dc:creator>Jordan Reyes, LCSW</dc:creator>
    <category>Mindfulness</category>
    <category>Skills</category>
    <description>Mindfulness means paying attention to the present moment on purpose, without judging it. It is a skill, and like any skill it grows with practice.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/meditation-cushion.jpg" alt="" width="600" /></p>
<p>Mindfulness means paying attention to the present moment on purpose, without judging it. It is a skill, and like any skill it grows with practice.</p>
<p>Try this: sit comfortably, set a timer for ten minutes, and follow your breath. When your mind wanders (it will), notice where it went and return to the breath. That return <em>is</em> the practice.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/meditation-cushion.jpg" width="600" height="338" />
  </item>
  <item>
    <title>Welcome to the Harbor Light Blog</title>
    <link>https://www.harborlightclinic.example/blog/welcome-to-our-blog/</link>
    <guid isPermaLink="false">harborlight-welcome-to-our-blog</guid>
    <pubDate>Thu, 10 Sep 2026 13:00:00 GMT</pubDate>
    <dc:creator>Harbor Light Clinical Team</dc:creator>
    <category>News</category>
    <description>Welcome! Every week our clinicians will share practical ideas for looking after your mental health, answers to questions we hear often, and news about our programs.</description>
    <content:encoded><![CDATA[<p><img src="/images/blog/clinic-entrance.jpg" alt="" width="600" /></p>
<p>Welcome! Every week our clinicians will share practical ideas for looking after your mental health, answers to questions we hear often, and news about our programs.</p>
<p>Nothing here replaces care from a professional who knows you. If you are in crisis, call 988 or go to your nearest emergency room.</p>]]></content:encoded>
    <media:thumbnail url="https://www.harborlightclinic.example/images/blog/clinic-entrance.jpg" width="600" height="338" />
  </item>
</channel>
</rss>
"""
}
