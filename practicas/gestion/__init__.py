"""DIFOCA's workspace: the list of practices, the practice editor, its gallery and expert feedback,
the review buttons, the preview, and the event editor. DIFOCA and the Administrador only
(``practicas.gestionar``): anyone else gets 404, as for any record out of scope."""
