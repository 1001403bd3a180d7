using System.Net;
using Bot.Core.Configuration;
using Bot.Core.Documents;
using Bot.Core.Ingesting;

namespace Bot.Core.Tests.Ingesting;

/// <summary>
/// `bot add`'s core against a loopback HTTP server serving saved news-style pages: the article is saved as Markdown with
/// front matter; a redirect to a private address, an oversized response, a login wall, an unsupported type, a time-out
/// and a non-http URL are refused and leave the seeds folder as it was.
/// </summary>
[Integration(TestCategory.Server)]
public sealed class SeedAdderTests : IAsyncDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _elsewhere = new();
    private readonly LoopbackHttpServer _server;

    public SeedAdderTests()
    {
        _server = new LoopbackHttpServer(async (request, response) =>
        {
            switch (request.Path)
            {
                case "/2025/07/04/storm-marlow":
                    await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.StormArticle(), "text/html; charset=utf-8");
                    break;
                case "/moved":
                    response.StatusCode = 302;
                    response.Headers.Location = "/2025/07/04/storm-marlow";
                    await response.CompleteAsync();
                    break;
                case "/to-metadata":
                    response.StatusCode = 301;
                    response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
                    await response.CompleteAsync();
                    break;
                case "/huge":
                    // 50 MB of HTML, sent without a length (chunked): the cap is enforced while reading.
                    response.ContentType = "text/html";
                    var chunk = System.Text.Encoding.ASCII.GetBytes("<p>" + new string('x', 65_529) + "</p>");
                    for (int i = 0; i < 50 * 16 && !response.HttpContext.RequestAborted.IsCancellationRequested; i++)
                        await response.Body.WriteAsync(chunk, response.HttpContext.RequestAborted);
                    break;
                case "/login":
                    await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.LoginWall, "text/html");
                    break;
                case "/data.json":
                    await LoopbackHttpServer.WriteAsync(response, 200, "{\"a\":1}", "application/json");
                    break;
                case "/report.pdf":
                    await LoopbackHttpServer.WriteAsync(response, 200, PdfFixtures.AnnualReport(), "application/pdf");
                    break;
                case "/slow":
                    await Task.Delay(TimeSpan.FromSeconds(10), response.HttpContext.RequestAborted);
                    break;
                default:
                    await LoopbackHttpServer.WriteAsync(response, 404, "not found", "text/plain");
                    break;
            }
        });
    }

    private Uri Url(string path) => new(_server.BaseUri, path);

    private SeedAdder Adder(string allow = "127.0.0.1", int timeoutSeconds = 20) =>
        new(new BotOptions { SeedsPath = _seeds.Path }, new IngestOptions { AllowPrivateAddresses = allow, TimeoutSeconds = timeoutSeconds },
            new SafeFetcher(new IngestOptions { AllowPrivateAddresses = allow, TimeoutSeconds = timeoutSeconds }));

    private string[] SeedFiles() => Directory.GetFiles(_seeds.Path, "*", SearchOption.AllDirectories);

    [Fact]
    public async Task An_article_is_saved_as_markdown_with_front_matter_and_the_same_url_twice_adds_nothing()
    {
        var added = await Adder().AddAsync(Url("/moved").ToString(), TestTimeout.Token());

        Assert.False(added.AlreadyPresent);
        Assert.StartsWith("web/127.0.0.1-moved-", added.Path, StringComparison.Ordinal);
        Assert.EndsWith(".md", added.Path, StringComparison.Ordinal);
        var saved = DocumentLoader.Parse(await File.ReadAllBytesAsync(Path.Combine(_seeds.Path, added.Path)), added.Path);
        Assert.Equal("Storm floods Marlow harbour", saved.Title);
        Assert.Equal("https://coastnews.example/2025/07/04/storm-marlow", saved.Url);
        var citation = DocumentCitation.From(saved.Metadata);
        Assert.Equal(("Coast News", "2025-07-04", "Ann Reed"), (citation.Source, citation.Date, citation.Author));
        var paragraphs = saved.Paragraphs.Select(p => saved.Text[p.Start..p.End]).ToList();
        Assert.Contains("A storm flooded the harbour at Marlow on Thursday night, leaving three hundred homes without power and sinking two fishing boats at their moorings.", paragraphs);
        Assert.DoesNotContain(paragraphs, p => p.Contains("Most read", StringComparison.Ordinal) || p.Contains("rights reserved", StringComparison.Ordinal) || p.Contains("Sport", StringComparison.Ordinal));

        var again = await Adder().AddAsync(Url("/moved").ToString(), TestTimeout.Token());
        Assert.True(again.AlreadyPresent);
        Assert.Equal(added.Path, again.Path);
        Assert.Single(SeedFiles());
    }

    [Fact]
    public async Task A_redirect_to_a_metadata_address_is_refused_before_any_connection()
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(Url("/to-metadata").ToString(), TestTimeout.Token()));
        Assert.Contains("169.254.169.254", e.Message, StringComparison.Ordinal);
        Assert.Empty(SeedFiles());
    }

    [Fact]
    public async Task A_loopback_address_is_refused_unless_the_setting_allows_it()
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder(allow: "false").AddAsync(Url("/moved").ToString(), TestTimeout.Token()));
        Assert.Contains("private, loopback, link-local or metadata address", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Empty(SeedFiles());
    }

    [Fact]
    public async Task A_50_MB_response_is_refused_at_the_size_cap()
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(Url("/huge").ToString(), TestTimeout.Token()));
        Assert.Contains("more than 10,485,760 bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(SeedFiles());
    }

    [Theory]
    [InlineData("/login", "login page")]
    [InlineData("/data.json", "application/json, not an HTML page or a PDF")]
    [InlineData("/nothing-here", "answered 404")]
    public async Task Pages_that_are_not_articles_are_refused_with_the_reason(string path, string reason)
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(Url(path).ToString(), TestTimeout.Token()));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Empty(SeedFiles());
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_refused()
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder(timeoutSeconds: 1).AddAsync(Url("/slow").ToString(), TestTimeout.Token()));
        Assert.Contains("did not answer within 1 s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.org/a.html")]
    [InlineData("file:///etc/passwd")]
    public async Task Only_http_and_https_urls_are_fetched(string url)
    {
        var e = await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(url, TestTimeout.Token()));
        Assert.Contains("only http and https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_url_is_saved_as_the_pdf_itself()
    {
        var added = await Adder().AddAsync(Url("/report.pdf").ToString(), TestTimeout.Token());
        Assert.EndsWith(".pdf", added.Path, StringComparison.Ordinal);
        Assert.Equal(PdfFixtures.AnnualReport().Length, new FileInfo(Path.Combine(_seeds.Path, added.Path)).Length);
        Assert.Equal(5, added.Document.Paragraphs.Count);
    }

    [Fact]
    public async Task A_file_is_copied_in_after_the_indexing_checks_and_the_same_content_twice_adds_nothing()
    {
        var good = _elsewhere.File("notes.md", "# Notes\n\nThe harbour reopened on Friday.\n");
        var copy = _elsewhere.File("other-name.md", "# Notes\n\nThe harbour reopened on Friday.\n");
        var binary = _elsewhere.Bytes("blob.txt", [0, 1, 2, 3, 4]);
        var unsupported = _elsewhere.File("sheet.xlsx", "x");

        var added = await Adder().AddAsync(good, TestTimeout.Token());
        Assert.Equal(("notes.md", false), (added.Path, added.AlreadyPresent));
        Assert.True((await Adder().AddAsync(copy, TestTimeout.Token())).AlreadyPresent);
        Assert.Contains("binary", (await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(binary, TestTimeout.Token()))).Message, StringComparison.Ordinal);
        Assert.Contains("unsupported file type", (await Assert.ThrowsAsync<IngestException>(() => Adder().AddAsync(unsupported, TestTimeout.Token()))).Message, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(_seeds.Path, "notes.md")], SeedFiles());
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.100.100.200", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_unicast_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, AddressPolicy.IsPublic(IPAddress.Parse(address)));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _seeds.Dispose();
        _elsewhere.Dispose();
    }
}
