/**
 * The training loss of thesis §3.1, {@link org.icnnvarpro.loss.SaaLoss}: the sample average of
 * {@code ½‖∇Φ(x)‖² − log det ∇²Φ(x)}, the negative log-likelihood, and the weight gradients.
 */
package org.icnnvarpro.loss;
