"""名簿: 構成団体, 個人会員, 役員, 部会, 区分 and the roster import."""
