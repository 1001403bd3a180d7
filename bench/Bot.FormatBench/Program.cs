using System.Diagnostics;
using System.Globalization;
using Bot.Core.DependencyInjection;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Bot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Indexing time per MB of .pdf and .docx against .txt holding the same paragraphs: each file is indexed alone into a
// fresh SQLite index (lexical: load, parse, chunk, store; no embedding), `runs` times; medians, and the ratio of each
// format's seconds per MB of extracted text to .txt's, measured in the same run.
int pages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var work = Path.Combine(Path.GetTempPath(), "bot-formatbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(work);
var pdf = PdfFixtures.LongReport(pages);
var pdfDoc = DocumentLoader.Parse(pdf, "r.pdf");
var docx = DocxFixtures.LongReport(pdfDoc.Paragraphs.Count);
var txt = System.Text.Encoding.UTF8.GetBytes("Harbour Works Review\n\n" + pdfDoc.Text + "\n");
var files = new (string Name, byte[] Bytes)[] { ("report.txt", txt), ("report.pdf", pdf), ("report.docx", docx) };
Console.WriteLine($"{pages} pages, {pdfDoc.Paragraphs.Count} paragraphs, {pdfDoc.Text.Length / 1e6:F2} M characters of text; {runs} runs; {Environment.ProcessorCount} CPUs");
var perTextMb = new Dictionary<string, double>();
foreach (var (name, bytes) in files)
{
    var times = new List<double>();
    int textChars = 0;
    for (int run = 0; run < runs; run++)
    {
        var dir = Path.Combine(work, $"{name}-{run}");
        var seeds = Path.Combine(dir, "seeds");
        Directory.CreateDirectory(seeds);
        await File.WriteAllBytesAsync(Path.Combine(seeds, name), bytes);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = seeds, ["Bot:DataPath"] = Path.Combine(dir, "data"), ["Bot:MaxFileBytes"] = "104857600",
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddBotCore(config);
        await using var sp = services.BuildServiceProvider();
        var sw = Stopwatch.StartNew();
        var report = await sp.GetRequiredService<SeedIndexer>().IndexAsync(new IndexRequest { Vectors = false }, null, CancellationToken.None);
        sw.Stop();
        if (report.Added != 1) throw new InvalidOperationException($"{name}: {string.Join("; ", report.Problems.Select(p => p.ToString()))}");
        times.Add(sw.Elapsed.TotalSeconds);
        textChars = (await sp.GetRequiredService<IIndexStore>().GetDocumentTextAsync(name, CancellationToken.None))!.Length;
    }
    times.Sort();
    var median = times[times.Count / 2];
    perTextMb[name] = median / (textChars / 1e6);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-12} file {bytes.Length / 1e6,6:F2} MB  median {median,6:F2} s  {median / (bytes.Length / 1e6),6:F2} s per MB of file  {perTextMb[name],6:F2} s per M characters of text  ({perTextMb[name] / perTextMb.GetValueOrDefault("report.txt", perTextMb[name]):F2}x .txt)"));
}
Directory.Delete(work, recursive: true);
return 0;
