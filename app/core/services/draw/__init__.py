"""The draw and what follows it: locking a pool and drawing (DRAW-v1), draw files, team changes after the draw, joint visits."""
