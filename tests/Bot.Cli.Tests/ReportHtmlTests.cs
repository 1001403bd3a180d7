using System.Diagnostics;
using Bot.Cli.Rendering;
using Bot.Cli.Tests.TestSupport;
using Bot.Core.Feedback;

namespace Bot.Cli.Tests;

/// <summary>`bot report --html`: one self-contained page, checked as text and rendered by headless Chromium.</summary>
public sealed class ReportHtmlTests : IDisposable
{
    private readonly TempFolder _folder = new();

    internal static FeedbackReport Sample()
    {
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var quote = new RatedQuote("Russia recognises Taliban rule", "russia.txt", 7, "In April, Russia’s Supreme Court removed the Taliban.");
        var rated = new RatedAnswer(now.AddHours(-3), "discord", "when did Russia delist the Taliban?", true, "russia.txt", 7, 0.8, -2,
            "wrong court <b>bold</b>", [new RatingEntry(FeedbackRating.Bad, true, "wrong court <b>bold</b>", now)], [quote]);
        return new FeedbackReport(now.AddDays(-6), now, 9, 5, 3, "all-MiniLM-L6-v2",
            [.. Enumerable.Range(0, 7).Select(i => new DayCount(DateOnly.FromDateTime(now.UtcDateTime).AddDays(i - 6), i % 3, (i + 1) % 2))],
            [new GapGroup("passport renew apply", 3, ["How do I renew my passport?", "What does a passport renewal cost?", "<script>alert(1)</script> passport?"]),
             new GapGroup("rain weather", 1, ["Will it rain tomorrow?"])],
            [new RefusedQuestion(now, "chat", "Will it rain tomorrow?", 1)],
            [rated], [rated], [new UnquotedDocument("tea.txt", "Tea harvest")]);
    }

    [Fact]
    public void The_page_is_self_contained_and_encodes_every_text()
    {
        var html = ReportHtml.Render(Sample());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; passport?", html, StringComparison.Ordinal);
        Assert.Contains("wrong court &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        // Nothing is fetched: the only URL is the SVG namespace name.
        Assert.Equal(["http://www.w3.org/2000/svg"], System.Text.RegularExpressions.Regex.Matches(html, "https?://[^\"' )]+").Select(m => m.Value).Distinct());
        foreach (var id in new[] { "summary", "per-day", "gaps", "worst", "unquoted" }) Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Equal(4 + 4, System.Text.RegularExpressions.Regex.Matches(html, "<rect ").Count); // a bar per day with answers (4), one per day with refusals (4)
    }

    // Skippable like the PostgreSQL tests: a fresh machine without Chromium skips it with one line; under CI=true
    // (.ci/run installs Chromium) its absence is a failure.
    [SkippableFact]
    [Integration(TestCategory.Process)]
    public async Task Headless_Chromium_renders_the_tables_and_the_chart()
    {
        var page = _folder.File("report.html", ReportHtml.Render(Sample()));
        var dom = await ChromiumAsync("--dump-dom", new Uri(page).AbsoluteUri);
        foreach (var id in new[] { "summary", "gaps", "worst", "unquoted" }) Assert.Contains($"<table id=\"{id}\">", dom, StringComparison.Ordinal);
        Assert.Contains("<td>passport renew apply</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>tea.txt</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"per-day\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.Ordinal);

        var png = Path.Combine(_folder.Path, "report.png");
        await ChromiumAsync($"--screenshot={png}", "--window-size=900,700", new Uri(page).AbsoluteUri);
        var (width, height, colours) = PngPixels.Read(png);
        Assert.Equal((900, 700), (width, height));
        Assert.True(colours > 20, $"the screenshot looks blank: {colours} colour(s)"); // text, borders, header fill, bars
    }

    private async Task<string> ChromiumAsync(params string[] args)
    {
        var exe = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        const string Missing = "Chromium is not installed: apt-get install -y chromium to run this test (.ci/run does this)";
        if (exe is null && Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(Missing);
        Skip.If(exe is null, Missing);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder.Path };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; the page is our own file.
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(_folder.Path, "profile")}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    public void Dispose() => _folder.Dispose();
}
