namespace Bot.Train;

/// <summary>How the abstainer's training rows are made and its models fitted (the `abstainer` options).</summary>
/// <param name="LostTarget">Share of answerable tuning questions the threshold may lose.</param>
/// <param name="TreeRounds">Boosted trees in the written trees file (0: no trees file).</param>
/// <param name="TreeRate">The trees' learning rate.</param>
/// <param name="Pairs">Add leave-two-articles-out runs as extra training rows.</param>
/// <param name="Holes">Add runs where one article loses every other paragraph.</param>
/// <param name="Unanswerable">Add SQuAD 2.0's unanswerable questions about the indexed articles as negatives.</param>
/// <param name="CrossFit">Score each question's candidates with the ranker trained without its article.</param>
/// <param name="ThresholdByArticle">The trees' threshold from probabilities of models trained without the scored question's article
/// (every run's rows of it; a second-set article with its share of the general off-topic questions), instead of without the
/// scored row's run (whose answerable questions the other runs still hold).</param>
internal sealed record AbstainerSettings(double LostTarget, int TreeRounds, double TreeRate, bool Pairs, bool Holes, bool Unanswerable, bool CrossFit,
    bool ThresholdByArticle = false);
