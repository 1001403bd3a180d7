using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bot.Core.Documents;

/// <summary>
/// .md: optional YAML front matter (title, url, date, source); paragraphs are Markdig paragraph blocks and keep
/// their raw source spans, so quotes are exact slices of the file.
/// </summary>
internal static class MarkdownParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter().UsePreciseSourceLocation().Build();

    public static ParsedText Parse(string text)
    {
        var doc = Markdown.Parse(text, Pipeline);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? title = null;
        var front = doc.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (front is not null) ReadFrontMatter(text.Substring(front.Span.Start, front.Span.Length), metadata);
        if (metadata.TryGetValue("title", out var t)) title = t;

        var paragraphs = new List<Paragraph>();
        foreach (var block in doc.Descendants())
        {
            if (block is HeadingBlock h && title is null && h.Level == 1 && h.Inline is not null)
            {
                title = text.Substring(h.Span.Start, h.Span.Length).TrimStart('#', ' ').TrimEnd('#', ' ');
            }
            else if (block is ParagraphBlock p && p.Span.Length > 0 && p.Parent is not Markdig.Extensions.Tables.TableCell)
            {
                var para = PlainTextParser.Trimmed(text, paragraphs.Count + 1, p.Span.Start, p.Span.End + 1);
                if (para.End > para.Start) paragraphs.Add(para);
            }
        }
        return new ParsedText(text, paragraphs, title, metadata);
    }

    private static void ReadFrontMatter(string block, Dictionary<string, string> metadata)
    {
        var body = block.Trim().Trim('-').Trim();
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(body));
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map) return;
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode k && value is YamlScalarNode v && k.Value is not null && v.Value is not null)
                    metadata[k.Value] = v.Value;
            }
        }
        catch (YamlException e)
        {
            throw new DocumentLoadException($"the YAML front matter is malformed (line {e.Start.Line}): {e.Message}", e);
        }
    }
}
