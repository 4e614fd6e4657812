package org.icnnvarpro.model;

/**
 * An independent, deliberately naive per-sample implementation of docs/math.md §1–2 for tests: nested
 * arrays, full (not packed) Hessians, no matrix products, softplus written out from its formula.
 */
final class ReferenceIcnn {
    final double phi;
    final double[] grad;
    final double[][] hess;

    ReferenceIcnn(Icnn net, double[] x) {
        int d = net.inputDim();
        double[] u = null;
        double[][] J = null;
        double[][][] H = null;
        for (int i = 0; i < net.depth(); i++) {
            double[][] K = net.K(i);
            double[] b = net.b(i);
            double[][] L = net.L(i);
            int m = b.length;
            double[] un = new double[m];
            double[][] Jn = new double[m][d];
            double[][][] Hn = new double[m][d][d];
            for (int k = 0; k < m; k++) {
                double z = b[k];
                double[] p = new double[d];
                double[][] Q = new double[d][d];
                for (int a = 0; a < d; a++) {
                    z += K[k][a] * x[a];
                    p[a] = K[k][a];
                }
                if (L != null) {
                    for (int j = 0; j < L[k].length; j++) {
                        z += L[k][j] * u[j];
                        for (int a = 0; a < d; a++) {
                            p[a] += L[k][j] * J[j][a];
                            for (int c = 0; c < d; c++) Q[a][c] += L[k][j] * H[j][a][c];
                        }
                    }
                }
                double[] s = sigma(net.activation(), z);
                un[k] = s[0];
                for (int a = 0; a < d; a++) {
                    Jn[k][a] = s[1] * p[a];
                    for (int c = 0; c < d; c++) Hn[k][a][c] = s[2] * p[a] * p[c] + s[1] * Q[a][c];
                }
            }
            u = un;
            J = Jn;
            H = Hn;
        }
        double[] wu = net.wu(), wx = net.wx();
        double wq = net.wq();
        double v = 0, xx = 0;
        double[] g = new double[d];
        double[][] S = new double[d][d];
        for (int k = 0; k < wu.length; k++) {
            v += wu[k] * u[k];
            for (int a = 0; a < d; a++) {
                g[a] += wu[k] * J[k][a];
                for (int c = 0; c < d; c++) S[a][c] += wu[k] * H[k][a][c];
            }
        }
        for (int a = 0; a < d; a++) {
            v += wx[a] * x[a];
            xx += x[a] * x[a];
            g[a] += wx[a] + wq * x[a];
            S[a][a] += wq;
        }
        phi = v + 0.5 * wq * xx;
        grad = g;
        hess = S;
    }

    static double[] sigma(Activation act, double z) {
        if (act == Activation.SOFTPLUS) {
            double s = 1 / (1 + Math.exp(-z));
            return new double[] {Math.log(1 + Math.exp(z)), s, s * (1 - s), s * (1 - s) * (1 - 2 * s)};
        }
        double r = Math.sqrt(z * z + 1);
        return new double[] {(z + r) / 2, (1 + z / r) / 2, 1 / (2 * r * r * r), -3 * z / (2 * Math.pow(r, 5))};
    }
}
