namespace Bot.Core.Questions;

/// <summary>
/// Related word forms users type that the sources phrase differently (delist → removed from the list).
/// Keys and values are lower-case words; values are searched and matched with a reduced weight.
/// </summary>
public static class WordForms
{
    private static readonly Dictionary<string, string[]> Related = new(StringComparer.Ordinal)
    {
        ["delist"] = ["list", "remove", "removed"], ["delisted"] = ["list", "remove", "removed"], ["delisting"] = ["list", "removal", "removed"],
        ["unlist"] = ["list", "remove"], ["blacklist"] = ["ban", "banned"], ["blacklisted"] = ["ban", "banned"],
        ["ban"] = ["banned", "prohibit", "blacklist"], ["recognition"] = ["recognise", "recognize"], ["recognise"] = ["recognition"],
        ["recognize"] = ["recognition"], ["un"] = ["united", "nations"], ["us"] = ["united", "states"], ["usa"] = ["united", "states"],
        ["uk"] = ["united", "kingdom", "britain"], ["eu"] = ["european", "union"], ["call"] = ["called", "calls", "refer", "refers", "describe", "described", "label", "labeled", "labelled", "name", "named"],
        ["say"] = ["said", "says", "stated", "called", "added"], ["said"] = ["say", "stated", "called", "added"],
        ["kill"] = ["killed", "death", "died"], ["die"] = ["died", "death"], ["died"] = ["die", "death"], ["death"] = ["died", "die"],
        ["born"] = ["birth"], ["birth"] = ["born"], ["begin"] = ["began", "start", "started"], ["began"] = ["begin", "start", "started"],
        ["start"] = ["began", "begin"], ["end"] = ["ended"], ["buy"] = ["bought", "purchase"], ["bought"] = ["buy", "purchase"],
        ["sell"] = ["sold"], ["sold"] = ["sell"], ["win"] = ["won", "victory"], ["won"] = ["win", "victory"], ["lose"] = ["lost", "defeat"],
        ["lost"] = ["lose", "defeat"], ["leave"] = ["left", "exit", "exited", "withdrawal"], ["left"] = ["leave", "exit"], ["withdraw"] = ["withdrawal", "exit", "exited"],
        ["withdrawal"] = ["withdraw", "exit", "exited"], ["write"] = ["wrote", "written"], ["wrote"] = ["write", "written"],
        ["make"] = ["made"], ["made"] = ["make"], ["build"] = ["built"], ["built"] = ["build"], ["find"] = ["found"], ["found"] = ["find", "founded"],
        ["meet"] = ["met"], ["met"] = ["meet"], ["give"] = ["gave", "given"], ["gave"] = ["give"], ["take"] = ["took", "taken"], ["took"] = ["take", "taken"],
        ["go"] = ["went", "gone"], ["went"] = ["go"], ["become"] = ["became"], ["became"] = ["become"], ["hold"] = ["held"], ["held"] = ["hold"],
        ["lead"] = ["led", "leader"], ["led"] = ["lead", "leader"], ["fight"] = ["fought"], ["fought"] = ["fight"], ["freeze"] = ["frozen", "froze"],
        ["frozen"] = ["freeze"], ["rule"] = ["ruled", "ruler", "reign"], ["think"] = ["thought"], ["teach"] = ["taught"], ["speak"] = ["spoke", "spoken"],
        ["pay"] = ["paid"], ["paid"] = ["pay"], ["run"] = ["ran"], ["rise"] = ["rose"], ["fall"] = ["fell"], ["fell"] = ["fall"], ["grow"] = ["grew", "growth"],
        ["grew"] = ["grow", "growth"], ["choose"] = ["chose", "chosen"], ["send"] = ["sent"], ["sent"] = ["send"], ["bring"] = ["brought"],
        ["brought"] = ["bring"], ["seek"] = ["sought"], ["sought"] = ["seek"], ["flee"] = ["fled"], ["fled"] = ["flee"], ["sign"] = ["signed", "signature"],
        ["country"] = ["nation", "state"], ["nation"] = ["country"], ["big"] = ["large", "largest"], ["biggest"] = ["largest"], ["large"] = ["big"],
        ["largest"] = ["biggest"], ["small"] = ["little"], ["smallest"] = ["least"], ["start date"] = ["began"], ["praise"] = ["praised"],
        ["terror"] = ["terrorist", "terrorism"], ["terrorist"] = ["terrorism", "terror"], ["terrorism"] = ["terrorist"],
    };

    public static IReadOnlyList<string> For(string normal) => Related.TryGetValue(normal, out var v) ? v : [];
}
