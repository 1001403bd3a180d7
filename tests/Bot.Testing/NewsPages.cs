namespace Bot.Testing;

/// <summary>Saved news-style web pages for the `bot add` tests (served by a loopback server).</summary>
public static class NewsPages
{
    /// <summary>
    /// A news article page: navigation, a site header, related links and a footer around an &lt;article&gt; of six
    /// paragraphs about a harbour storm; JSON-LD datePublished 2025-07-04, og:site_name "Coast News", a canonical link.
    /// </summary>
    public static string StormArticle(string canonical = "https://coastnews.example/2025/07/04/storm-marlow") => $$$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Storm floods Marlow harbour | Coast News</title>
        <meta property="og:title" content="Storm floods Marlow harbour">
        <meta property="og:site_name" content="Coast News">
        <link rel="canonical" href="{{{canonical}}}">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm floods Marlow harbour",
          "datePublished":"2025-07-04T06:15:00+01:00","author":{"@type":"Person","name":"Ann Reed"},"publisher":{"@type":"Organization","name":"Coast News Ltd"}}</script>
        <script>window.ads = [];</script>
        </head><body>
        <header class="site-header"><a href="/">Coast News</a> <nav><a href="/world">World</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
        <main>
        <article>
        <h1>Storm floods Marlow harbour</h1>
        <p class="byline">By Ann Reed</p>
        <p>A storm flooded the harbour at Marlow on Thursday night, leaving three hundred homes without power and sinking two fishing boats at their moorings.</p>
        <p>The harbour master, Tom Gale, said the water rose faster than at any time since the great flood of 1953, and that the sea wall was overtopped for almost an hour.</p>
        <p>Engineers from the county council inspected the sea wall on Friday morning and found a crack eleven metres long near the lifeboat station.</p>
        <p>The lifeboat crew rescued four people from a stranded yacht, the Marlow Star, shortly after midnight, the coastguard said in a statement.</p>
        <p>Power was restored to most homes by Friday afternoon, but the ferry to Northolm will not sail until the damaged pier has been surveyed.</p>
        <p>The council has opened the town hall as a rest centre and asked residents to report damage on its website or by telephone.</p>
        </article>
        <aside><h2>Most read</h2><ul><li><a href="/a">Council tax to rise</a></li><li><a href="/b">New bridge opens</a></li></ul></aside>
        </main>
        <footer><p>© 2025 Coast News. All rights reserved.</p><p>Contact us | Privacy | Cookies</p></footer>
        </body></html>
        """;

    /// <summary>A login wall: a form asking for a password and a line of text.</summary>
    public const string LoginWall = """
        <!doctype html><html><head><title>Sign in | Coast News</title></head><body>
        <main><h1>Subscribers only</h1><p>Sign in to keep reading this article.</p>
        <form action="/login" method="post"><input name="user"><input type="password" name="pass"><button>Sign in</button></form></main>
        </body></html>
        """;
}
