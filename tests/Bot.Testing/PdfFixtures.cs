using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Bot.Testing;

/// <summary>PDF files written with PdfPig's document builder for the document, CLI and timing tests.</summary>
public static class PdfFixtures
{
    /// <summary>One piece of text on a page: where its baseline starts (points from the bottom left), its size.</summary>
    public sealed record Text(double X, double Y, string Value, double Size = 10);

    public const string Header = "Marlow Harbour Authority - Annual Report 2025";

    /// <summary>
    /// Three A4 pages: a running header and a page number on pages 1 and 3; page 1 has a title and two columns (the
    /// left column's second paragraph breaks "inspec-" / "tion" across a line, the right column's last paragraph goes on
    /// at the top of page 3); page 2 has no text (as a scanned page). Paragraphs in reading order: 1 harbour spending,
    /// 2 the breakwater inspection, 3 ferry traffic, 4 the lighthouse keeper (pages 1 and 3), 5 dredging (page 3).
    /// </summary>
    public static byte[] AnnualReport() => Build(
    [
        [
            new(50, 800, Header, 9),
            new(50, 770, "Harbour Works Review", 18),
            .. Column(50, 720,
                ["The harbour authority spent four million", "pounds on repairs to the north pier during", "the year, the largest sum since 1998."],
                ["Divers carried out a detailed inspec-", "tion of the breakwater in March and found", "cracks along its seaward face."]),
            .. Column(310, 720,
                ["Ferry traffic rose by twelve percent, with", "the summer timetable carrying a record", "310,000 passengers."],
                ["The lighthouse keeper retired in June after", "forty years of service at the harbour"]),
            new(297, 30, "1", 9),
        ],
        [],
        [
            new(50, 800, Header, 9),
            .. Column(50, 720,
                ["entrance, and a new keeper was appointed."],
                ["Next year the authority plans to dredge the", "inner basin to a depth of six metres."]),
            new(297, 30, "3", 9),
        ],
    ]);

    /// <summary>A report of <paramref name="pages"/> single-column pages of numbered paragraphs (for timing indexing).</summary>
    public static byte[] LongReport(int pages)
    {
        var list = new List<IReadOnlyList<Text>>();
        for (int p = 1; p <= pages; p++)
        {
            var paragraphs = Enumerable.Range(0, 6).Select(i => (IReadOnlyList<string>)FillerLines(p * 10 + i)).ToArray();
            list.Add([new(50, 800, Header, 9), .. Column(50, 760, paragraphs), new(297, 30, p.ToString(System.Globalization.CultureInfo.InvariantCulture), 9)]);
        }
        return Build(list);
    }

    /// <summary>Four lines of a paragraph made of varied harbour words (no line repeats across pages, as in real text).</summary>
    internal static string[] FillerLines(int n)
    {
        var random = new Random(n);
        string Line(bool last)
        {
            var words = Enumerable.Range(0, 9).Select(_ => Words[random.Next(Words.Length)]).ToList();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            return string.Join(' ', words) + (last ? "." : "");
        }
        return [Line(false), Line(false), Line(false), Line(true)];
    }

    private static readonly string[] Words =
    [
        "harbour", "crews", "checked", "moorings", "along", "the", "quay", "and", "replaced", "worn", "ropes", "fenders",
        "ladders", "before", "winter", "storms", "arrived", "authority", "safety", "plan", "requires", "pier", "ferry",
        "lighthouse", "keeper", "tide", "dredging", "basin", "engineers", "council", "boats", "nets", "cargo", "crane",
        "survey", "breakwater", "wall", "cracks", "repairs", "budget", "pounds", "million", "season", "visitors", "market",
    ];

    /// <summary>Paragraphs as lines 14 points apart, paragraphs 28 points apart, from (x, top) down.</summary>
    public static IEnumerable<Text> Column(double x, double top, params IReadOnlyList<string>[] paragraphs)
    {
        double y = top;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in paragraph)
            {
                yield return new Text(x, y, line);
                y -= 14;
            }
            y -= 14;
        }
    }

    public static byte[] Build(IReadOnlyList<IReadOnlyList<Text>> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var texts in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            foreach (var t in texts) page.AddText(t.Value, t.Size, new PdfPoint(t.X, t.Y), font);
        }
        return builder.Build();
    }
}
