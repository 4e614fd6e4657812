/**
 * Jupyter widgets from Java: sliders, dropdowns, check boxes, buttons, text, HTML, output areas and
 * boxes that speak the widget message protocol 2.1.0 of ipywidgets 8 ({@code @jupyter-widgets/base}
 * and {@code @jupyter-widgets/controls} 2.0.0, {@code @jupyter-widgets/output} 1.0.0) over the comms
 * of the Java kernel they run in, and {@link org.icnnvarpro.widgets.Interact}, a function of named
 * controls whose result is redrawn when a control changes.
 *
 * <pre>{@code
 * Widgets.interact(
 *         Widgets.logSlider("learning rate", 0.05, 1e-3, 0.5),
 *         Widgets.intSlider("batch size", 64, 16, 512).step(16))
 *     .show(v -> Explore.curves(split, net, config.withLearningRate(v.getDouble("learning rate"))
 *             .withAdamBatch(v.getInt("batch size")), v));
 * }</pre>
 *
 * <p>The kernel is found at run time (IJava, JJava, or any kernel named by a system property; see
 * {@code Connection}); the library does not depend on one. Live widgets need a kernel built on
 * {@code io.github.spencerpark:jupyter-jvm-basekernel} and a page with the ipywidgets 8 frontend
 * (JupyterLab 4 or Notebook 7 with {@code ipywidgets} 8 installed). Everywhere else the widgets
 * degrade: {@code Interact.show} shows its first result as ordinary output, {@code display()} prints
 * a line. The class {@code BaseKernelConnection} is loaded by name only (keep it when shrinking the jar).
 */
package org.icnnvarpro.widgets;
