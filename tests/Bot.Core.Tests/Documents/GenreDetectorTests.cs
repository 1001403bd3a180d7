using Bot.Core.Documents;

namespace Bot.Core.Tests.Documents;

public sealed class GenreDetectorTests
{
    private static string Data(params string[] parts) => Path.Combine([RepoPaths.Root, "tests", "data", .. parts]);

    [Fact]
    public void Every_news_article_of_the_seeds_news_dev_and_news_train_reads_as_news()
    {
        var files = Directory.GetFiles(RepoPaths.Seeds, "*.txt")
            .Concat(Directory.GetFiles(Data("news-dev", "docs"), "*.txt"))
            .Concat(Directory.GetFiles(Data("news-train", "docs"), "*.txt")).ToList();

        Assert.Equal(1 + 8 + 85, files.Count);
        Assert.All(files, f => Assert.True(GenreDetector.Detect(File.ReadAllText(f)) == DocumentGenre.News,
            $"{Path.GetFileName(f)} reads as reference: {GenreDetector.Measure(File.ReadAllText(f))}"));
    }

    [Fact]
    public void Every_squad_dev_wikipedia_article_reads_as_reference()
    {
        var files = Directory.GetFiles(RepoPaths.SquadDocs, "*.txt");

        Assert.Equal(8, files.Length);
        Assert.All(files, f => Assert.Equal(DocumentGenre.Reference, GenreDetector.Detect(File.ReadAllText(f))));
    }

    [Fact]
    public void A_short_wire_story_reads_as_news_by_its_length_its_short_paragraphs_and_its_reported_speech()
    {
        const string Story = """
            Minister resigns over budget row

            The finance minister resigned on Tuesday, the government said.

            "I can no longer support this budget," she told reporters in the capital.

            According to officials, a successor will be named this week.
            """;

        var signs = GenreDetector.Measure(Story);

        Assert.Equal(3, signs.NewsVotes);
        Assert.Equal(DocumentGenre.News, signs.Genre);
    }

    [Fact]
    public void A_long_document_of_long_paragraphs_without_reported_speech_reads_as_reference()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("The castle was built in the twelfth century on a rock above the river and rebuilt after a fire.", 8));
        var text = "Castle\n\n" + string.Join("\n\n", Enumerable.Repeat(paragraph, 12));

        var signs = GenreDetector.Measure(text);

        Assert.True(signs.Words > GenreDetector.MaxNewsWords);
        Assert.True(signs.WordsPerParagraph > GenreDetector.MaxNewsParagraphWords);
        Assert.Equal(0, signs.NewsVotes);
        Assert.Equal(DocumentGenre.Reference, signs.Genre);
    }

    [Fact]
    public void A_long_readme_of_short_lines_reads_as_reference_and_a_short_one_as_news()
    {
        // Short lines vote for news, but a long document without reported speech stays reference; a short one of short
        // lines has two votes: a short note of any kind is held to the news threshold.
        var line = "Run the installer, then set the option in the configuration file before the first start.";
        var longReadme = "# Tool\n\n" + string.Join("\n\n", Enumerable.Repeat(line, 200));
        var shortReadme = "# Tool\n\n" + string.Join("\n\n", Enumerable.Repeat(line, 5));

        Assert.Equal(DocumentGenre.Reference, GenreDetector.Detect(longReadme));
        Assert.Equal(DocumentGenre.News, GenreDetector.Detect(shortReadme));
    }

    [Fact]
    public void A_single_paragraph_reads_by_its_length_and_reported_speech()
    {
        var sentence = "The committee published its findings on the bridge, which engineers inspected last year.";
        var shortPlain = string.Join(' ', Enumerable.Repeat(sentence, 3));            // short, no speech: one long paragraph
        var longPlain = string.Join(' ', Enumerable.Repeat(sentence, 200));           // long paragraph, no speech
        var reported = string.Join(' ', Enumerable.Repeat("The mayor said the bridge would reopen.", 20));

        Assert.Equal(DocumentGenre.News, GenreDetector.Detect(shortPlain)); // short, and its one paragraph is under 100 words
        Assert.Equal(DocumentGenre.Reference, GenreDetector.Detect(longPlain));
        Assert.Equal(DocumentGenre.News, GenreDetector.Detect(reported));
    }
}
