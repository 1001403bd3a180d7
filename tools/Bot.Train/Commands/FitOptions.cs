using System.CommandLine;

namespace Bot.Train.Commands;

/// <summary>How a ranker is fitted (`ranker`, `abstainer --cross-fit`, `diagnose ablation`).</summary>
internal sealed class FitOptions
{
    private readonly Option<double> _l2 = new("--l2") { Description = "L2 penalty of the ranker's listwise logistic fit", DefaultValueFactory = _ => 0.001 };

    private readonly Option<int> _iterations = new("--iterations") { Description = "Adam iterations of the ranker's fit", DefaultValueFactory = _ => 300 };

    private readonly Option<int> _sweeps = new("--sweeps")
    {
        Description = "Sweeps of top-1 coordinate ascent after the fit (0: none; it over-fitted in leave-one-article-out checks)",
    };

    private readonly Option<bool> _fromHand = new("--from-hand") { Description = "Start the sweeps from the hand-weighted scorer alone instead of the logistic fit" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _l2, _iterations, _sweeps, _fromHand }) command.Options.Add(option);
    }

    public RankerFit Fit(ParseResult parse) => new(parse.GetValue(_l2), parse.GetValue(_iterations), parse.GetValue(_sweeps), parse.GetValue(_fromHand));
}
