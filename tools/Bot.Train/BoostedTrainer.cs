using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>Newton boosting of depth-2 trees with logistic loss (class-balanced), splits at feature quantiles.</summary>
internal static class BoostedTrainer
{
    public static BoostedTrees Train(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, FeatureSet features, int rounds, double rate, double lambda, int minLeaf, string note)
    {
        int n = rows.Count, d = features.Count;
        // Candidate splits: up to 31 distinct quantiles per feature.
        var cuts = new double[d][];
        for (int j = 0; j < d; j++)
        {
            var v = rows.Select(r => r[j]).Order().ToArray();
            cuts[j] = Enumerable.Range(1, 31).Select(q => v[q * (n - 1) / 32]).Distinct().Where(c => c > v[0]).ToArray();
        }
        // Each row's bucket under each feature's cuts, found once (bucket b holds values in [c[b-1], c[b])).
        var buckets = new int[d][];
        for (int j = 0; j < d; j++)
        {
            buckets[j] = new int[n];
            for (int i = 0; i < n; i++)
            {
                int b = Array.BinarySearch(cuts[j], rows[i][j]);
                buckets[j][i] = b >= 0 ? b + 1 : ~b;
            }
        }
        int pos = labels.Count(l => l);
        // Class balance: both classes weigh the same in total.
        var weight = labels.Select(l => l ? 0.5 * n / Math.Max(1, pos) : 0.5 * n / Math.Max(1, n - pos)).ToArray();
        double bias = 0;
        var score = new double[n];
        var trees = new List<BoostedTree>();
        var g = new double[n];
        var h = new double[n];
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < n; i++)
            {
                double p = 1 / (1 + Math.Exp(-score[i]));
                g[i] = weight[i] * (p - (labels[i] ? 1 : 0));
                h[i] = weight[i] * Math.Max(1e-6, p * (1 - p));
            }
            var all = Enumerable.Range(0, n).ToArray();
            var (f0, t0) = BestSplit(all);
            if (f0 < 0) break;
            var left = all.Where(i => rows[i][f0] < t0).ToArray();
            var right = all.Where(i => rows[i][f0] >= t0).ToArray();
            var (f1, t1) = BestSplit(left);
            var (f2, t2) = BestSplit(right);
            if (f1 < 0) (f1, t1) = (f0, double.MaxValue);
            if (f2 < 0) (f2, t2) = (f0, double.MaxValue);
            var leaves = new[]
            {
                Leaf(left.Where(i => rows[i][f1] < t1)), Leaf(left.Where(i => rows[i][f1] >= t1)),
                Leaf(right.Where(i => rows[i][f2] < t2)), Leaf(right.Where(i => rows[i][f2] >= t2)),
            };
            var tree = new BoostedTree([f0, f1, f2], [t0, t1, t2], leaves.Select(v => Math.Round(v * rate, 5)).ToArray());
            trees.Add(tree);
            for (int i = 0; i < n; i++) score[i] += tree.Evaluate(rows[i]);
        }
        return new BoostedTrees(features.Names, bias, trees, 0.5, note);

        double Leaf(IEnumerable<int> idx)
        {
            double G = 0, H = 0;
            foreach (var i in idx) { G += g[i]; H += h[i]; }
            return -G / (H + lambda);
        }

        (int Feature, double Split) BestSplit(int[] idx)
        {
            double G = 0, H = 0;
            foreach (var i in idx) { G += g[i]; H += h[i]; }
            double parent = G * G / (H + lambda), bestGain = 1e-9;
            int bf = -1; double bt = 0;
            for (int j = 0; j < d; j++)
            {
                var c = cuts[j];
                if (c.Length == 0) continue;
                var gs = new double[c.Length + 1];
                var hs = new double[c.Length + 1];
                var cnt = new int[c.Length + 1];
                var bucket = buckets[j];
                foreach (var i in idx)
                {
                    int b = bucket[i];
                    gs[b] += g[i]; hs[b] += h[i]; cnt[b]++;
                }
                double gl = 0, hl = 0; int nl = 0;
                for (int b = 0; b < c.Length; b++)
                {
                    gl += gs[b]; hl += hs[b]; nl += cnt[b];
                    if (nl < minLeaf || idx.Length - nl < minLeaf) continue;
                    double gain = gl * gl / (hl + lambda) + (G - gl) * (G - gl) / (H - hl + lambda) - parent;
                    if (gain > bestGain) { bestGain = gain; bf = j; bt = c[b]; }
                }
            }
            return (bf, bt);
        }
    }
}
