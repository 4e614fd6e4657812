/**
 * The input convex neural network of thesis §2.1 and its exact input derivatives: the place to start
 * reading the code.
 *
 * <ul>
 *   <li>{@link org.icnnvarpro.model.Icnn}: the network, its weights {@code (K_i, b_i, L_i)} with
 *       {@code L_i ≥ 0} by a softplus reparametrization, and the last layer
 *       {@code Φ(x) = w_uᵀu_ℓ + w_xᵀx + ½ w_q‖x‖²};</li>
 *   <li>{@link org.icnnvarpro.model.Activation}: softplus (and a smooth ReLU) with three derivatives;</li>
 *   <li>{@link org.icnnvarpro.model.BatchDerivatives}: {@code Φ}, {@code ∇Φ}, {@code ∇²Φ} of a batch by
 *       forward recurrences of the value, gradient and Hessian rows of each layer, the last-layer
 *       features of the inner problem, and the weight gradient of any per-sample function of
 *       {@code ∇Φ} and {@code ∇²Φ} ({@link org.icnnvarpro.model.SampleHead}) by the adjoint
 *       recurrences; the recurrences themselves, layer by layer, are in the package-private
 *       {@code Recurrences};</li>
 *   <li>{@link org.icnnvarpro.model.ModelFile}: the model file ({@code icnn-varpro/1}).</li>
 * </ul>
 *
 * <p>The arithmetic under the recurrences (dense products, the lane-wise rules of a layer) is in
 * {@code org.icnnvarpro.kernels}.
 */
package org.icnnvarpro.model;
