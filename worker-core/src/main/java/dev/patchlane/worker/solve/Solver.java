package dev.patchlane.worker.solve;

import dev.patchlane.worker.Attempt;

/** How a lane solves one job: the fast lane in one shot, the deep lane in a tool loop, structured jobs as a document. */
public interface Solver {

    Attempt solve(SolveContext context);
}
