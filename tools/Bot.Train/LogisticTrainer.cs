using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>Full-batch Adam for two linear models: a listwise (softmax) ranker and a class-balanced binary classifier.</summary>
internal static class LogisticTrainer
{
    /// <summary>One question's candidates and which of them hold a gold answer.</summary>
    internal sealed record Group(double[][] X, bool[] Positive);

    public static (double[] Means, double[] Scales) Standardise(IEnumerable<double[]> rows, int d)
    {
        var means = new double[d];
        var sq = new double[d];
        long n = 0;
        foreach (var r in rows) { n++; for (int j = 0; j < d; j++) { means[j] += r[j]; sq[j] += r[j] * r[j]; } }
        var scales = new double[d];
        for (int j = 0; j < d; j++)
        {
            means[j] /= Math.Max(1, n);
            var v = sq[j] / Math.Max(1, n) - means[j] * means[j];
            scales[j] = v > 1e-12 ? Math.Sqrt(v) : 1;
        }
        return (means, scales);
    }

    public static LinearModel TrainRanker(IReadOnlyList<Group> groups, FeatureSet features, double l2, int iterations, string note)
    {
        int d = features.Count;
        var (means, scales) = Standardise(groups.SelectMany(g => g.X), d);
        var z = groups.Select(g => g.X.Select(x => Enumerable.Range(0, d).Select(j => (x[j] - means[j]) / scales[j]).ToArray()).ToArray()).ToList();
        var w = new double[d];
        var adam = new Adam(d, 0.05);
        for (int it = 0; it < iterations; it++)
        {
            var grad = new double[d];
            for (int g = 0; g < groups.Count; g++)
            {
                var x = z[g];
                var pos = groups[g].Positive;
                int n = x.Length;
                var s = new double[n];
                double max = double.NegativeInfinity;
                for (int i = 0; i < n; i++) { s[i] = Dot(w, x[i]); max = Math.Max(max, s[i]); }
                double all = 0, positive = 0;
                for (int i = 0; i < n; i++) { s[i] = Math.Exp(s[i] - max); all += s[i]; if (pos[i]) positive += s[i]; }
                for (int i = 0; i < n; i++)
                {
                    double gi = s[i] / all - (pos[i] ? s[i] / positive : 0);
                    if (gi == 0) continue;
                    for (int j = 0; j < d; j++) grad[j] += gi * x[i][j];
                }
            }
            for (int j = 0; j < d; j++) grad[j] = grad[j] / groups.Count + l2 * w[j];
            adam.Step(w, grad);
        }
        return new LinearModel(features.Names, means, scales, w.Select(v => Math.Round(v, 5)).ToList(), 0, 0.5, note);
    }

    public static LinearModel TrainClassifier(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, FeatureSet features, double l2, int iterations, string note)
    {
        int d = features.Count;
        var (means, scales) = Standardise(rows, d);
        var z = rows.Select(x => Enumerable.Range(0, d).Select(j => (x[j] - means[j]) / scales[j]).ToArray()).ToList();
        int npos = labels.Count(l => l), nneg = labels.Count - npos;
        double wpos = labels.Count / (2.0 * Math.Max(1, npos)), wneg = labels.Count / (2.0 * Math.Max(1, nneg));
        var w = new double[d + 1];
        var adam = new Adam(d + 1, 0.05);
        for (int it = 0; it < iterations; it++)
        {
            var grad = new double[d + 1];
            for (int i = 0; i < z.Count; i++)
            {
                double p = 1 / (1 + Math.Exp(-(Dot(w, z[i]) + w[d])));
                double gi = (p - (labels[i] ? 1 : 0)) * (labels[i] ? wpos : wneg);
                for (int j = 0; j < d; j++) grad[j] += gi * z[i][j];
                grad[d] += gi;
            }
            for (int j = 0; j <= d; j++) grad[j] = grad[j] / z.Count + (j < d ? l2 * w[j] : 0);
            adam.Step(w, grad);
        }
        return new LinearModel(features.Names, means, scales, w.Take(d).Select(v => Math.Round(v, 5)).ToList(), Math.Round(w[d], 5), 0.5, note);
    }

    /// <summary>
    /// Coordinate ascent on top-1 accuracy (what quote@1 measures) from a starting model: each weight in turn is nudged
    /// while the share of questions whose best-scored candidate is a gold one improves.
    /// </summary>
    public static LinearModel RefineTop1(LinearModel start, IReadOnlyList<Group> groups, int sweeps)
    {
        int d = start.Weights.Count;
        var z = groups.Select(g => g.X.Select(x => Enumerable.Range(0, d).Select(j => (x[j] - start.Means[j]) / start.Scales[j]).ToArray()).ToArray()).ToList();
        var w = start.Weights.ToArray();
        var scores = z.Select(x => x.Select(r => Dot(w, r)).ToArray()).ToList();
        int Correct(int j, double delta)
        {
            int ok = 0;
            for (int g = 0; g < z.Count; g++)
            {
                var x = z[g]; var sc = scores[g];
                int best = 0; double bs = double.NegativeInfinity;
                for (int i = 0; i < x.Length; i++)
                {
                    double v = sc[i] + delta * x[i][j];
                    if (v > bs) { bs = v; best = i; }
                }
                if (groups[g].Positive[best]) ok++;
            }
            return ok;
        }
        int current = Correct(0, 0);
        double[] steps = [1.0, 0.3, 0.1, -0.1, -0.3, -1.0];
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            bool improved = false;
            for (int j = 0; j < d; j++)
            {
                double scale = Math.Max(0.05, Math.Abs(w[j]));
                foreach (var step in steps)
                {
                    double delta = step * scale * (sweep == 0 ? 1 : 0.5);
                    int c = Correct(j, delta);
                    if (c <= current) continue;
                    current = c; w[j] += delta; improved = true;
                    for (int g = 0; g < z.Count; g++) for (int i = 0; i < z[g].Length; i++) scores[g][i] += delta * z[g][i][j];
                }
            }
            if (!improved) break;
        }
        return start with { Weights = w.Select(v => Math.Round(v, 5)).ToList() };
    }

    private static double Dot(double[] w, double[] x)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) s += w[j] * x[j];
        return s;
    }

    private sealed class Adam(int d, double rate)
    {
        private readonly double[] _m = new double[d];
        private readonly double[] _v = new double[d];
        private int _t;

        public void Step(double[] w, double[] g)
        {
            _t++;
            for (int j = 0; j < w.Length; j++)
            {
                _m[j] = 0.9 * _m[j] + 0.1 * g[j];
                _v[j] = 0.999 * _v[j] + 0.001 * g[j] * g[j];
                double mh = _m[j] / (1 - Math.Pow(0.9, _t)), vh = _v[j] / (1 - Math.Pow(0.999, _t));
                w[j] -= rate * mh / (Math.Sqrt(vh) + 1e-8);
            }
        }
    }
}
