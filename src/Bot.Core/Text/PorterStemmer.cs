namespace Bot.Core.Text;

/// <summary>
/// The original Porter (1980) stemming algorithm, the same one SQLite's FTS5 "porter" tokenizer applies,
/// so stems computed here match the terms stored in the full-text index.
/// </summary>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2) return word;
        var b = word.ToCharArray();
        var s = new State(b, b.Length - 1);
        s.Step1ab();
        if (s.K > 0)
        {
            s.Step1c(); s.Step2(); s.Step3(); s.Step4(); s.Step5();
        }
        return new string(b, 0, s.K + 1);
    }

    private sealed class State(char[] b, int k)
    {
        private readonly char[] _b = b;
        private int _j;
        public int K { get; private set; } = k;

        private bool Cons(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !Cons(i - 1),
            _ => true,
        };

        // m() measures the number of consonant sequences between 0 and j.
        private int M()
        {
            int n = 0, i = 0;
            while (true) { if (i > _j) return n; if (!Cons(i)) break; i++; }
            i++;
            while (true)
            {
                while (true) { if (i > _j) return n; if (Cons(i)) break; i++; }
                i++; n++;
                while (true) { if (i > _j) return n; if (!Cons(i)) break; i++; }
                i++;
            }
        }

        private bool VowelInStem()
        {
            for (int i = 0; i <= _j; i++) if (!Cons(i)) return true;
            return false;
        }

        private bool DoubleC(int j) => j >= 1 && _b[j] == _b[j - 1] && Cons(j);

        private bool Cvc(int i)
        {
            if (i < 2 || !Cons(i) || Cons(i - 1) || !Cons(i - 2)) return false;
            return _b[i] is not ('w' or 'x' or 'y');
        }

        private bool Ends(string s)
        {
            int l = s.Length, o = K - l + 1;
            if (o < 0) return false;
            for (int i = 0; i < l; i++) if (_b[o + i] != s[i]) return false;
            _j = K - l;
            return true;
        }

        private void SetTo(string s)
        {
            int l = s.Length, o = _j + 1;
            for (int i = 0; i < l; i++) _b[o + i] = s[i];
            K = _j + l;
        }

        private void R(string s) { if (M() > 0) SetTo(s); }

        public void Step1ab()
        {
            if (_b[K] == 's')
            {
                if (Ends("sses")) K -= 2;
                else if (Ends("ies")) SetTo("i");
                else if (_b[K - 1] != 's') K--;
            }
            if (Ends("eed")) { if (M() > 0) K--; }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                K = _j;
                if (Ends("at")) SetTo("ate");
                else if (Ends("bl")) SetTo("ble");
                else if (Ends("iz")) SetTo("ize");
                else if (DoubleC(K))
                {
                    K--;
                    if (_b[K] is 'l' or 's' or 'z') K++;
                }
                else if (M() == 1 && Cvc(K)) SetTo("e");
            }
        }

        public void Step1c()
        {
            if (Ends("y") && VowelInStem()) _b[K] = 'i';
        }

        public void Step2()
        {
            if (K == 0) return;
            switch (_b[K - 1])
            {
                case 'a': if (Ends("ational")) R("ate"); else if (Ends("tional")) R("tion"); break;
                case 'c': if (Ends("enci")) R("ence"); else if (Ends("anci")) R("ance"); break;
                case 'e': if (Ends("izer")) R("ize"); break;
                case 'l':
                    if (Ends("bli")) R("ble"); else if (Ends("alli")) R("al"); else if (Ends("entli")) R("ent");
                    else if (Ends("eli")) R("e"); else if (Ends("ousli")) R("ous");
                    break;
                case 'o': if (Ends("ization")) R("ize"); else if (Ends("ation")) R("ate"); else if (Ends("ator")) R("ate"); break;
                case 's':
                    if (Ends("alism")) R("al"); else if (Ends("iveness")) R("ive"); else if (Ends("fulness")) R("ful");
                    else if (Ends("ousness")) R("ous");
                    break;
                case 't': if (Ends("aliti")) R("al"); else if (Ends("iviti")) R("ive"); else if (Ends("biliti")) R("ble"); break;
                case 'g': if (Ends("logi")) R("log"); break;
            }
        }

        public void Step3()
        {
            switch (_b[K])
            {
                case 'e': if (Ends("icate")) R("ic"); else if (Ends("ative")) R(""); else if (Ends("alize")) R("al"); break;
                case 'i': if (Ends("iciti")) R("ic"); break;
                case 'l': if (Ends("ical")) R("ic"); else if (Ends("ful")) R(""); break;
                case 's': if (Ends("ness")) R(""); break;
            }
        }

        public void Step4()
        {
            if (K == 0) return;
            switch (_b[K - 1])
            {
                case 'a': if (Ends("al")) break; return;
                case 'c': if (Ends("ance") || Ends("ence")) break; return;
                case 'e': if (Ends("er")) break; return;
                case 'i': if (Ends("ic")) break; return;
                case 'l': if (Ends("able") || Ends("ible")) break; return;
                case 'n': if (Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent")) break; return;
                case 'o':
                    if (Ends("ion") && _j >= 0 && _b[_j] is 's' or 't') break;
                    if (Ends("ou")) break;
                    return;
                case 's': if (Ends("ism")) break; return;
                case 't': if (Ends("ate") || Ends("iti")) break; return;
                case 'u': if (Ends("ous")) break; return;
                case 'v': if (Ends("ive")) break; return;
                case 'z': if (Ends("ize")) break; return;
                default: return;
            }
            if (M() > 1) K = _j;
        }

        public void Step5()
        {
            _j = K;
            if (_b[K] == 'e')
            {
                int a = M();
                if (a > 1 || (a == 1 && !Cvc(K - 1))) K--;
            }
            if (_b[K] == 'l' && DoubleC(K) && M() > 1) K--;
        }
    }
}
